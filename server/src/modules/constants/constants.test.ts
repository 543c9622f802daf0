import { describe, expect, it } from 'vitest';
import { team } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';
import { expectCursorsRefused, forgedCursor, readAllPages } from '../../../test/pages.js';

async function setup() {
  const context = await createTestApp();
  const members = await team(context.app, context.database);
  const constant = (name: string, value: string) =>
    context.app.inject({
      method: 'POST',
      url: '/api/constants',
      headers: members.manager.headers,
      payload: { name, value },
    });
  return { ...context, team: members, constant };
}

describe(`the constants list on ${engine}`, () => {
  it('pages by name with limit and cursor, counts them all, and keeps each one’s usage', async () => {
    const { app, team, constant } = await setup();
    // Upper-case letters only: the order is the same under every collation.
    for (const name of ['ECHO', 'ALPHA', 'DELTA', 'CHARLIE', 'BRAVO'])
      expect((await constant(name, 'v')).statusCode).toBe(201);
    await app.inject({
      method: 'POST',
      url: '/api/configs',
      headers: team.manager.headers,
      payload: { name: 'uses delta', toml: '[global_tags]\n  dc = "::{DELTA}"\n\n[[inputs.cpu]]\n' },
    });

    const paged = await readAllPages<{ name: string; usage: number }>(app, team.viewer.headers, '/api/constants', 2);
    expect(paged.pages).toBe(3);
    expect(paged.total).toBe(5);
    expect(paged.items.map((item) => item.name)).toEqual(['ALPHA', 'BRAVO', 'CHARLIE', 'DELTA', 'ECHO']);
    expect(paged.items.find((item) => item.name === 'DELTA')?.usage).toBe(1);

    const whole = (await app.inject({ method: 'GET', url: '/api/constants', headers: team.viewer.headers })).json();
    expect(whole).toMatchObject({ total: 5, nextCursor: null });
    expect(whole.items).toHaveLength(5);
  });

  it('searches name, value and description in any case, and pages the matches', async () => {
    const { app, team, constant } = await setup();
    await constant('INFLUX_URL', 'http://influx:8086');
    await constant('REGION', 'eu-west');
    await app.inject({
      method: 'POST',
      url: '/api/constants',
      headers: team.manager.headers,
      payload: { name: 'BUCKET', value: 'metrics', description: 'Where InfluxDB keeps them' },
    });
    await constant('PERCENT', '100%');
    const search = async (text: string) =>
      (
        await readAllPages<{ name: string }>(
          app,
          team.viewer.headers,
          `/api/constants?search=${encodeURIComponent(text)}`,
          1,
        )
      ).items.map((item) => item.name);
    expect(await search('influx')).toEqual(['BUCKET', 'INFLUX_URL']);
    expect(await search('EU-W')).toEqual(['REGION']);
    expect(await search('%')).toEqual(['PERCENT']);
    expect(await search('nothing')).toEqual([]);
  });

  it('refuses a cursor it did not issue, and a limit out of range', async () => {
    const { app, team } = await setup();
    await expectCursorsRefused(app, team.viewer.headers, '/api/constants', ['x', forgedCursor([1])]);
    for (const limit of [0, 501]) {
      const response = await app.inject({
        method: 'GET',
        url: `/api/constants?limit=${limit}`,
        headers: team.viewer.headers,
      });
      expect(response.statusCode).toBe(400);
      expect(response.json().errors[0].pointer).toBe('/limit');
    }
  });
});
