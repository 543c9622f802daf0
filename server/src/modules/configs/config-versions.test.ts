import { describe, expect, it } from 'vitest';
import { team } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';
import { expectCursorsRefused, forgedCursor, readAllPages } from '../../../test/pages.js';

async function setup() {
  const context = await createTestApp();
  const members = await team(context.app, context.database);
  const config = (
    await context.app.inject({
      method: 'POST',
      url: '/api/configs',
      headers: members.manager.headers,
      payload: { name: 'versioned', toml: '[[inputs.cpu]]\n' },
    })
  ).json() as { id: string };
  for (const interval of ['1s', '2s', '3s', '4s']) {
    await context.app.inject({
      method: 'PATCH',
      url: `/api/configs/${config.id}`,
      headers: members.manager.headers,
      payload: { toml: `[agent]\n  interval = "${interval}"\n\n[[inputs.cpu]]\n`, note: `every ${interval}` },
    });
  }
  return { ...context, team: members, id: config.id };
}

describe(`the versions list on ${engine}`, () => {
  it('pages newest first with limit and cursor, counts every version, and marks the current one', async () => {
    const { app, team, id } = await setup();
    const url = `/api/configs/${id}/versions`;
    const paged = await readAllPages<{ version: number; current: boolean; note: string }>(
      app,
      team.viewer.headers,
      url,
      2,
    );
    expect(paged).toMatchObject({ pages: 3, total: 5 });
    expect(paged.items.map((item) => item.version)).toEqual([5, 4, 3, 2, 1]);
    expect(paged.items.filter((item) => item.current).map((item) => item.version)).toEqual([5]);
    expect(paged.items[0]!.note).toBe('every 4s');

    await app.inject({ method: 'DELETE', url: `${url}?before=3`, headers: team.manager.headers });
    const rest = (await app.inject({ method: 'GET', url, headers: team.viewer.headers })).json();
    expect(rest).toMatchObject({ total: 3, nextCursor: null });
    expect(rest.items.map((item: { version: number }) => item.version)).toEqual([5, 4, 3]);
  });

  it('refuses a cursor it did not issue, a version cursor holding text among them', async () => {
    const { app, team, id } = await setup();
    await expectCursorsRefused(app, team.viewer.headers, `/api/configs/${id}/versions`, [
      'x',
      forgedCursor(['3']),
      forgedCursor([2.5]),
      forgedCursor([3, 2]),
    ]);
  });
});
