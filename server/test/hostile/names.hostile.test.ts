import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hasControlCharacter } from '../../src/lib/text.js';
import { engine } from '../harness.js';
import { hostileName, hostileString } from './arbitraries.js';
import {
  expectHealthy,
  expectSane,
  fuzz,
  fuzzSettings,
  openWorld,
  TEMPLATE,
  type Answer,
  type World,
} from './world.js';

const settings = fuzzSettings();

const RESOURCES = ['configs', 'config-groups', 'labels', 'reporting-rules', 'tokens'] as const;
type Resource = (typeof RESOURCES)[number];

function creation(world: World, resource: Resource, name: string, description: string): object {
  switch (resource) {
    case 'configs':
      return { name, description, toml: TEMPLATE };
    case 'config-groups':
      return { name, description, configIds: [world.configId] };
    case 'labels':
      return { name, description: description.slice(0, 500) };
    case 'reporting-rules':
      return { description: name, notReportingAfterSeconds: 60 };
    case 'tokens':
      return { name, preset: 'read-only' };
  }
}

const json = (answer: Answer) => JSON.parse(answer.body.toString('utf8')) as Record<string, unknown>;

describe(`hostile names and parameter values on ${engine} (seed ${settings.seed})`, () => {
  it('names in any language (or none) and any parameter value never break an answer, a file or the fleet', async () => {
    const world = await openWorld();
    const before = await world.counts();
    const created = { configs: 0, tokens: 0 };
    const auth = { authorization: `Bearer ${world.ownerToken}` };
    await fuzz(
      fc.tuple(
        fc.constantFrom(...RESOURCES),
        hostileName,
        hostileString(120),
        // Values within what fits in a URL: node refuses a request head over 16 KiB before the controller sees it.
        fc.array(
          fc.tuple(
            fc.constantFrom('agent_id', 'dc', 'percpu', 'other'),
            hostileString(60).map((v) => v.slice(0, 200)),
          ),
          { maxLength: 4 },
        ),
        fc.constantFrom('application/octet-stream', 'text/plain', '*/*', undefined),
      ),
      async ([resource, name, description, parameters, accept]) => {
        const body = JSON.stringify(creation(world, resource, name, description));
        const made = await world.api({
          method: 'POST',
          path: `/api/${resource}`,
          headers: { ...auth, 'content-type': 'application/json' },
          body,
        });
        expectSane(world, made, `create ${resource} ${JSON.stringify(name)}`);
        if (made.status === 400)
          expect(JSON.stringify(json(made).errors ?? []), 'names the field').toMatch(/\/(name|description)/);
        if (made.status !== 201) return;
        if (resource === 'configs') created.configs += 1;
        if (resource === 'tokens') created.tokens += 1;
        const item = json(made);
        // Stored NFC and trimmed, on one line.
        const shown = String(item.name ?? item.description);
        expect(shown).toBe(shown.normalize('NFC').trim());
        expect(hasControlCharacter(shown)).toBe(false);
        if (resource !== 'configs' && resource !== 'config-groups') return;
        const query = parameters.map(([k, v]) => `${k}=${encodeURIComponent(v.toWellFormed())}`).join('&');
        const path = `/api/${resource}/${String(item.id)}/toml?${query}`;
        const headers = { ...auth, ...(accept ? { accept } : {}) };
        // Twice: the second may be answered early, from memory; both must be the same and sane.
        const first = await world.api({ method: 'GET', path, headers });
        const second = await world.api({ method: 'GET', path, headers });
        expectSane(world, first, `GET ${path}`);
        expect(second.status).toBe(first.status);
        expect(second.body.equals(first.body)).toBe(true);
        if (first.status === 200 && accept === 'application/octet-stream') {
          expect(String(first.headers['content-disposition'])).toMatch(
            /^attachment; filename="[\x20-\x7e]*"; filename\*=UTF-8''[!-~]*$/,
          );
        }
        if (first.status === 200 && resource === 'config-groups') {
          // The name stands in one comment line: the file holds the member's TOML and nothing else.
          const text = first.body.toString('utf8');
          expect(text.split('\n')[0]).toMatch(/^# — from: /);
        }
        await world
          .api({ method: 'DELETE', path: `/api/${resource}/${String(item.id)}`, headers: auth })
          .then((gone) => {
            expectSane(world, gone, `delete ${resource}`);
            if (gone.status === 204 && resource === 'configs') created.configs -= 1;
          });
      },
    );
    await expectHealthy(world, {
      ...before,
      configs: before.configs + created.configs,
      tokens: before.tokens + created.tokens,
    });
  });
});
