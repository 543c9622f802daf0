import fc from 'fast-check';
import { describe, it } from 'vitest';
import { engine } from '../harness.js';
import { hostileHeaders, hostileQuery, hostileSegment } from './arbitraries.js';
import { fromSchema } from './schema-values.js';
import { expectHealthy, expectSane, fuzz, fuzzSettings, openWorld, type World } from './world.js';

const settings = fuzzSettings();

interface Operation {
  method: string;
  path: string;
  body: unknown;
}

/** Every operation of the OpenAPI document the routes generate, with its request body schema. */
function operations(world: World): Operation[] {
  const document = world.app.swagger() as {
    paths: Record<string, Record<string, { requestBody?: { content?: Record<string, { schema?: unknown }> } }>>;
  };
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      path,
      body: operation.requestBody?.content?.['application/json']?.schema,
    })),
  );
}

/** A path parameter: one of the world's real ids and names most of the time, else hostile segments. */
function segmentFor(world: World, name: string): fc.Arbitrary<string> {
  const real: Record<string, string[]> = {
    id: [world.configId, world.groupId, world.labelId, world.ruleId, world.members.viewer.user.id, 'canary-1'],
    labelId: [world.labelId],
    alias: ['hostile-base', 'hostile-group'],
    version: ['1', '2'],
    name: ['HOSTILE'],
    code: ['0'.repeat(64)],
  };
  return fc.oneof(
    { weight: 2, arbitrary: fc.constantFrom(...(real[name] ?? ['x'])) },
    { weight: 3, arbitrary: hostileSegment },
  );
}

function fill(world: World, path: string): fc.Arbitrary<string> {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  return fc
    .tuple(...names.map((name) => segmentFor(world, name)))
    .map((values) => names.reduce((filled, name, i) => filled.replace(`{${name}}`, values[i]!), path));
}

/** Writes that would end the property's own footing (the owner's credentials) or that delete in bulk. */
const SPARED = [/\/bulk(\/delete)?$/, /^\/api\/tokens\/bulk$/, /^\/api\/account\/password$/, /^\/api\/auth\/logout$/];

describe(`hostile requests on ${engine} (seed ${settings.seed})`, () => {
  it('no path, query string, header or cookie gets a 5xx, a crash or a leak', async () => {
    const world = await openWorld();
    const reads = operations(world).filter((op) => op.method === 'GET');
    const before = await world.counts();
    const request = fc
      .constantFrom(...reads)
      .chain((op) =>
        fc.tuple(
          fc.constant(op),
          fill(world, op.path),
          hostileQuery,
          hostileHeaders,
          fc.constantFrom('GET', 'HEAD', 'OPTIONS'),
        ),
      );
    await fuzz(fc.tuple(request, fc.boolean()), async ([[, path, query, headers, method], withToken]) => {
      const sent = { ...headers, ...(withToken ? { authorization: `Bearer ${world.ownerToken}` } : {}) };
      const answer = await world.api({ method, path: `${path}${query}`, headers: sent });
      expectSane(world, answer, `${method} ${path}${query} ${JSON.stringify(sent).slice(0, 300)}`);
    });
    await expectHealthy(world, before);
  });

  it('no body of any write route, shaped by its schema or bent out of it, gets a 5xx or changes what it should not', async () => {
    const world = await openWorld();
    const writes = operations(world).filter(
      (op) => op.method !== 'GET' && op.method !== 'DELETE' && !SPARED.some((pattern) => pattern.test(op.path)),
    );
    const before = await world.counts();
    const created = { configs: 0, tokens: 0 };
    const request = fc
      .constantFrom(...writes)
      .chain((op) => fc.tuple(fc.constant(op), fill(world, op.path), fromSchema(op.body as never)));
    await fuzz(request, async ([op, path, body]) => {
      const answer = await world.api({
        method: op.method,
        path,
        headers: { authorization: `Bearer ${world.ownerToken}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      expectSane(world, answer, `${op.method} ${path} ${JSON.stringify(body)?.slice(0, 300)}`);
      if (answer.status === 201 && op.method === 'POST' && op.path === '/api/configs') created.configs += 1;
      if (answer.status === 201 && op.method === 'POST' && op.path === '/api/tokens') created.tokens += 1;
    });
    await expectHealthy(world, {
      ...before,
      configs: before.configs + created.configs,
      tokens: before.tokens + created.tokens,
    });
  });
});
