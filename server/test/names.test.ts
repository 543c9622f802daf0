import { describe, expect, it } from 'vitest';
import { callerWithRole } from './factories.js';
import { createTestApp, engine } from './harness.js';

async function setup() {
  const { app, database } = await createTestApp();
  const owner = await callerWithRole(app, database, 'owner');
  const post = (url: string, payload: object) => app.inject({ method: 'POST', url, headers: owner.headers, payload });
  const config = (await post('/api/configs', { name: 'member', toml: '[[inputs.cpu]]\n' })).json();
  const bodies: Record<string, (name: string, description?: string) => object> = {
    '/api/configs': (name, description) => ({ name, ...(description !== undefined ? { description } : {}) }),
    '/api/config-groups': (name, description) => ({
      name,
      configIds: [config.id],
      ...(description !== undefined ? { description } : {}),
    }),
    '/api/labels': (name, description) => ({ name, ...(description !== undefined ? { description } : {}) }),
    '/api/reporting-rules': (name) => ({ description: name, notReportingAfterSeconds: 60 }),
    '/api/tokens': (name) => ({ name, preset: 'read-only' }),
  };
  const nameField = (url: string) => (url === '/api/reporting-rules' ? 'description' : 'name');
  return { app, owner, post, bodies, nameField, config };
}

describe(`names in any language on ${engine}`, () => {
  it('takes every script, emoji and combining mark, and stores names composed (NFC) and trimmed', async () => {
    const { post, bodies, nameField } = await setup();
    for (const [url, body] of Object.entries(bodies)) {
      for (const name of ['本番 🙂', 'مرحبا', 'עברית', '👩‍👩‍👧 family', ' Cafe\u0301 ']) {
        const created = await post(url, body(`${name} ${url}`));
        expect(created.statusCode, `${url} ${name}`).toBe(201);
        expect(created.json()[nameField(url)]).toBe(`${name} ${url}`.normalize('NFC').trim());
      }
    }
  });

  it('keeps names unique without regard to case or to how a character was composed', async () => {
    const { post, bodies } = await setup();
    for (const [url, body] of Object.entries(bodies)) {
      if (url === '/api/reporting-rules') continue;
      expect((await post(url, body('Café'))).statusCode, url).toBe(201);
      const again = await post(url, body('CAFE\u0301'));
      expect(again.statusCode, url).toBe(409);
    }
  });

  it('refuses control characters and separators in names, and in descriptions all but line feeds and tabs', async () => {
    const { post, bodies, nameField } = await setup();
    for (const [url, body] of Object.entries(bodies)) {
      for (const bad of ['a\tb', 'a\nb', 'a\u0085b', 'a\u007fb', 'a\u2028b', '   ']) {
        const refused = await post(url, body(bad));
        expect(refused.statusCode, `${url} ${JSON.stringify(bad)}`).toBe(400);
        expect(refused.json().errors[0].pointer).toBe(`/${nameField(url)}`);
      }
    }
    for (const url of ['/api/configs', '/api/config-groups', '/api/labels']) {
      const refused = await post(url, bodies[url]!(`bell ${url}`, 'ring\u0007'));
      expect(refused.statusCode).toBe(400);
      expect(refused.json().errors[0].pointer).toBe('/description');
      expect((await post(url, bodies[url]!(`lines ${url}`, 'line one\n\tline two'))).statusCode).toBe(201);
    }
  });

  it("keeps a member's name inside its comment line in a group file", async () => {
    const { app, owner, post } = await setup();
    const member = (await post('/api/configs', { name: 'x ] [agent] # "quoted"', toml: '[[inputs.mem]]\n' })).json();
    const group = (await post('/api/config-groups', { name: 'g', configIds: [member.id] })).json();
    const file = await app.inject({
      method: 'GET',
      url: `/api/config-groups/${group.id}/toml`,
      headers: owner.headers,
    });
    expect(file.body).toBe(`# — from: x ] [agent] # "quoted" (${member.id}) —\n[[inputs.mem]]\n`);
  });
});
