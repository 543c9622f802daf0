import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { callerWithRole, createUser, signIn } from '../../test/factories.js';
import { createTestApp, engine } from '../../test/harness.js';

/** The same requests sent at once: each service's "exists already" check passes for both before either writes. */
function race(app: FastifyInstance, requests: InjectOptions[]): Promise<LightMyRequestResponse[]> {
  return Promise.all(requests.map((request) => app.inject(request)));
}

/** One request wins; the other gets the 409 the service's own check gives, naming the field, never a 500. */
function expectOneWinner(answers: LightMyRequestResponse[], won: number, code: string, pointer: string): void {
  expect(answers.map((answer) => answer.statusCode).sort()).toEqual([won, 409]);
  const lost = answers.find((answer) => answer.statusCode === 409)!;
  expect(lost.headers['content-type']).toContain('application/problem+json');
  expect(lost.json()).toMatchObject({ status: 409, code, errors: [{ pointer }] });
}

async function setup() {
  const { app, database } = await createTestApp();
  const owner = await callerWithRole(app, database, 'owner');
  const post = (url: string, payload: object): InjectOptions => ({
    method: 'POST',
    url,
    headers: owner.headers,
    payload,
  });
  const patch = (url: string, payload: object): InjectOptions => ({
    method: 'PATCH',
    url,
    headers: owner.headers,
    payload,
  });
  return { app, database, owner, post, patch };
}

describe(`a race for a unique name ends in 409, never 500, on ${engine}`, () => {
  it('two labels created with one name at once: one is created, the other is a conflict on /name', async () => {
    const { app, post } = await setup();
    const answers = await race(app, [post('/api/labels', { name: 'edge' }), post('/api/labels', { name: 'EDGE' })]);
    expectOneWinner(answers, 201, 'conflict', '/name');
  });

  it('two labels renamed to one name at once: one is renamed, the other is a conflict on /name', async () => {
    const { app, post, patch } = await setup();
    const first = (await app.inject(post('/api/labels', { name: 'first' }))).json();
    const second = (await app.inject(post('/api/labels', { name: 'second' }))).json();
    const answers = await race(app, [
      patch(`/api/labels/${first.id}`, { name: 'same' }),
      patch(`/api/labels/${second.id}`, { name: 'same' }),
    ]);
    expectOneWinner(answers, 200, 'conflict', '/name');
  });

  it('two configurations created with one name at once: one is created, the other is a conflict on /name', async () => {
    const { app, post } = await setup();
    const answers = await race(app, [post('/api/configs', { name: 'web' }), post('/api/configs', { name: 'Web' })]);
    expectOneWinner(answers, 201, 'conflict', '/name');
  });

  it('two configuration groups created with one name at once: one is a conflict on /name', async () => {
    const { app, post } = await setup();
    const answers = await race(app, [
      post('/api/config-groups', { name: 'edge' }),
      post('/api/config-groups', { name: 'edge' }),
    ]);
    expectOneWinner(answers, 201, 'conflict', '/name');
  });

  it('two constants created with one name at once: one is created, the other is a conflict on /name', async () => {
    const { app, post } = await setup();
    const answers = await race(app, [
      post('/api/constants', { name: 'REGION', value: 'eu' }),
      post('/api/constants', { name: 'REGION', value: 'us' }),
    ]);
    expectOneWinner(answers, 201, 'conflict', '/name');
  });

  it('one alias added to two configurations at once: one gets it, the other an alias_conflict on /alias', async () => {
    const { app, post } = await setup();
    const a = (await app.inject(post('/api/configs', { name: 'a' }))).json();
    const b = (await app.inject(post('/api/configs', { name: 'b' }))).json();
    const answers = await race(app, [
      post(`/api/configs/${a.id}/aliases`, { alias: 'prod' }),
      post(`/api/configs/${b.id}/aliases`, { alias: 'prod' }),
    ]);
    expectOneWinner(answers, 201, 'alias_conflict', '/alias');
  });

  it('two tokens created with one name at once: one is created, the other a token_name_conflict on /name', async () => {
    const { app, post } = await setup();
    const answers = await race(app, [post('/api/tokens', { name: 'ci' }), post('/api/tokens', { name: 'ci' })]);
    expectOneWinner(answers, 201, 'token_name_conflict', '/name');
  });

  it('two users taking one username at once on their account page: one is a conflict on /username', async () => {
    const { app, database } = await setup();
    const [one, two] = [await createUser(database, 'viewer'), await createUser(database, 'manager')];
    const headersOf = async (username: string) => signIn(app, username);
    const [first, second] = [await headersOf(one.username), await headersOf(two.username)];
    const answers = await race(app, [
      { method: 'PATCH', url: '/api/account', headers: first, payload: { username: 'wanted' } },
      { method: 'PATCH', url: '/api/account', headers: second, payload: { username: 'Wanted' } },
    ]);
    expectOneWinner(answers, 200, 'conflict', '/username');
  });

  it('one email given to two users at once: one is changed, the other is a conflict on /email', async () => {
    const { app, database, patch } = await setup();
    const [one, two] = [await createUser(database, 'viewer'), await createUser(database, 'manager')];
    const answers = await race(app, [
      patch(`/api/users/${one.id}`, { email: 'shared@example.test' }),
      patch(`/api/users/${two.id}`, { email: 'shared@example.test' }),
    ]);
    expectOneWinner(answers, 200, 'conflict', '/email');
  });

  it('two rules made the default at once: each answer is 200 or 409, and exactly one rule is the default', async () => {
    const { app, owner, post } = await setup();
    const rule = (description: string) =>
      app.inject(post('/api/reporting-rules', { description, notReportingAfterSeconds: 600 }));
    const [a, b] = [(await rule('ten minutes')).json(), (await rule('also ten minutes')).json()];
    const answers = await race(app, [
      post(`/api/reporting-rules/${a.id}/default`, {}),
      post(`/api/reporting-rules/${b.id}/default`, {}),
    ]);
    for (const answer of answers) expect([200, 409]).toContain(answer.statusCode);
    expect(answers.some((answer) => answer.statusCode === 200)).toBe(true);
    const refused = answers.find((answer) => answer.statusCode === 409);
    if (refused) expect(refused.json()).toMatchObject({ code: 'conflict', errors: [{ pointer: '/isDefault' }] });
    const rules = (await app.inject({ method: 'GET', url: '/api/reporting-rules', headers: owner.headers })).json();
    expect(rules.items.filter((item: { isDefault: boolean }) => item.isDefault)).toHaveLength(1);
  });

  it('two saves of new TOML at once: each answer is 200 or 409, and every version number is stored once', async () => {
    const { app, owner, post, patch } = await setup();
    const config = (await app.inject(post('/api/configs', { name: 'saved-twice' }))).json();
    const toml = (n: number) => `[agent]\n  interval = "${n}s"\n`;
    const answers = await race(app, [
      patch(`/api/configs/${config.id}`, { toml: toml(10) }),
      patch(`/api/configs/${config.id}`, { toml: toml(20) }),
    ]);
    for (const answer of answers) expect([200, 409]).toContain(answer.statusCode);
    const refused = answers.find((answer) => answer.statusCode === 409);
    if (refused) expect(refused.json()).toMatchObject({ code: 'conflict', errors: [{ pointer: '/toml' }] });
    const saved = (
      await app.inject({ method: 'GET', url: `/api/configs/${config.id}`, headers: owner.headers })
    ).json();
    expect(saved.version).toBe(1 + answers.filter((answer) => answer.statusCode === 200).length);
  });
});
