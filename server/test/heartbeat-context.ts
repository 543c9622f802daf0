import { expect } from 'vitest';
import { team } from './factories.js';
import { createTestApp } from './harness.js';

/**
 * Both listeners over a fresh database, a team, and an agent token: `send` posts a heartbeat as Telegraf does,
 * `agent` reads an agent back through the API.
 */
export async function openHeartbeatContext() {
  const context = await createTestApp();
  const members = await team(context.app, context.database);
  const tokenWith = async (preset: string) =>
    (
      await context.app.inject({
        method: 'POST',
        url: '/api/tokens',
        headers: members.manager.headers,
        payload: { name: `t-${Math.random()}`, preset },
      })
    ).json().token as string;
  const agentToken = await tokenWith('telegraf-agent');
  const send = (body: unknown, headers: Record<string, string> = {}, url = '/agents/heartbeat') =>
    context.heartbeat.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${agentToken}`, 'content-type': 'application/json', ...headers },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const agent = async (id: string) =>
    context.app.inject({
      method: 'GET',
      url: `/api/agents/${encodeURIComponent(id)}`,
      headers: members.viewer.headers,
    });
  return { ...context, team: members, send, agent, tokenWith };
}

/** Each body is accepted (202, no body) and shown on its agent as it was sent: the agent's id is the case's name. */
export async function expectShownAsSent(
  context: Awaited<ReturnType<typeof openHeartbeatContext>>,
  cases: ReadonlyArray<{ name: string; body: Record<string, unknown> }>,
): Promise<void> {
  const { send, agent, services, app, team } = context;
  for (const { name, body } of cases) {
    const response = await send({ ...body, id: name });
    expect(response.statusCode, name).toBe(202);
    expect(response.body).toBe('');
  }
  await services.heartbeats.flush();
  for (const { name, body } of cases) {
    const shown = (await agent(name)).json();
    expect(shown.version, name).toBe(body.version);
    expect(shown.hostname, name).toBe(body.hostname ?? null);
    expect(shown.reportedStatus, name).toBe(body.status ? String(body.status).toLowerCase() : 'undefined');
    expect(shown.status, name).toBe(shown.reportedStatus);
    expect(shown.statistics, name).toEqual(body.statistics ?? null);
    expect(
      shown.configs.map((c: { source: string }) => c.source),
      name,
    ).toEqual(body.configurations ?? []);
    const latest = await app.inject({
      method: 'GET',
      url: `/api/heartbeat/agent/${encodeURIComponent(name)}/latest-heartbeat`,
      headers: team.viewer.headers,
    });
    const logs = (body.logs as unknown[] | undefined) ?? [];
    expect(latest.json().reportedLogCount, name).toBe(logs.length);
    expect(latest.json().logs.length, name).toBe(Math.min(logs.length, 200));
  }
  const all = await app.inject({ method: 'GET', url: '/api/agents?limit=500', headers: team.viewer.headers });
  expect(all.json().total).toBe(cases.length);
}
