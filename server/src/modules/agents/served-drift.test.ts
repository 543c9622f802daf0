import type { Agent, AgentList, AgentsSummary, ConfigAgentVersions } from '@telegraf-controller/contract/agents';
import type { Token } from '@telegraf-controller/contract/tokens';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createConfig, createGroup, createToken, sendHeartbeat, team } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';
import { listAgentRows } from './agents.repo.js';
import { outdatedAgentIds } from './served-links.js';

const MINUTE = 60_000;
/** How long the fleet's counts, and its Outdated agents, are reused here (`--fleet-counts-max-age`). */
const COUNTS_MAX_AGE_MS = 100;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The heartbeat output names the agent with `&{node}`: that parameter is the identity of a fetch (ADR 26). */
const identified = (input: string) => `[[inputs.${input}]]
[[outputs.heartbeat]]
  url = "http://controller.example:8443/agents/heartbeat"
  instance_id = "&{node}"
`;
/** An instance_id from the environment: fetches of it name no agent. */
const anonymous = (input: string) => `[[inputs.${input}]]
[[outputs.heartbeat]]
  url = "http://controller.example:8443/agents/heartbeat"
  instance_id = "\${HOSTNAME}"
`;

async function setup() {
  const context = await createTestApp({ options: { fleetCountsMaxAgeMs: COUNTS_MAX_AGE_MS } });
  const { app, heartbeat, database, services } = context;
  const members = await team(app, database);
  const token = await createToken(app, members.manager);
  const fetchToml = async (path: string, method: 'GET' | 'HEAD' = 'GET', authorization = token.authorization) => {
    const response = await app.inject({ method, url: path, headers: { authorization } });
    expect(response.statusCode).toBe(200);
  };
  /** A heartbeat reporting `paths` as its configuration URLs, written with what was served before it. */
  const beat = async (id: string, paths: string[], authorization = token.authorization) => {
    await services.configFetches.flush();
    const response = await sendHeartbeat(heartbeat, authorization, {
      id,
      configurations: paths.map((path) => `http://controller.example:8888${path}`),
    });
    expect(response.statusCode).toBe(202);
    await services.heartbeats.flush();
  };
  const get = async <T>(url: string): Promise<T> => {
    const answer = await app.inject({ method: 'GET', url, headers: members.viewer.headers });
    expect(answer.statusCode, answer.body).toBe(200);
    return answer.json() as T;
  };
  const runs = async (id: string) => (await get<Agent>(`/api/agents/${id}`)).configs.flatMap((link) => link.runs);
  const save = async (configId: string, toml: string) => {
    const answer = await app.inject({
      method: 'PATCH',
      url: `/api/configs/${configId}`,
      headers: members.manager.headers,
      payload: { toml },
    });
    expect(answer.statusCode).toBe(200);
  };
  /** Moves a version's save back in time: the grace of an agent whose interval was never observed is minutes. */
  const savedAgo = async (configId: string, version: number, ms: number) => {
    const at = new Date(Date.now() - ms).toISOString();
    await sql`update config_versions set created_at = ${at} where config_id = ${configId} and version = ${version}`.execute(
      database.db,
    );
    await sql`update configs set published_at = ${at} where id = ${configId} and published_version = ${version}`.execute(
      database.db,
    );
    // As when that time passed: the Outdated agents worked out before are too old to be reused.
    await pause(2 * COUNTS_MAX_AGE_MS);
  };
  return { ...context, members, token, fetchToml, beat, get, runs, save, savedAgo };
}

describe(`served versions and drift on ${engine}`, () => {
  it('knows exactly what an agent fetched with its identity, and flags it Outdated after twice its poll interval', async () => {
    const { services, fetchToml, beat, get, runs, save, app, members } = await setup();
    const config = await createConfig(app, members.manager, { toml: identified('cpu') });
    const path = `/api/configs/${config.id}/toml?node=web-1`;
    // Loaded, then polled as a watching agent does: the polls are 200 ms apart, so its grace is about 400 ms.
    await fetchToml(path);
    await services.configFetches.flush();
    await pause(200);
    await fetchToml(path, 'HEAD');
    await services.configFetches.flush();
    await beat('web-1', [path]);
    expect(await runs('web-1')).toEqual([
      expect.objectContaining({ configId: config.id, version: 1, latestVersion: 1, basis: 'exact', outdated: false }),
    ]);

    await save(config.id, identified('mem'));
    // Within the grace it is not Outdated yet; beyond it, it is, until it fetches the new version.
    await expect.poll(async () => (await get<Agent>('/api/agents/web-1')).outdated, { timeout: 10_000 }).toBe(true);
    expect(await runs('web-1')).toEqual([
      expect.objectContaining({ version: 1, latestVersion: 2, basis: 'exact', outdated: true }),
    ]);
    expect((await get<AgentList>('/api/agents?flag=outdated')).items.map((agent) => agent.id)).toEqual(['web-1']);
    expect((await get<AgentsSummary>('/api/agents/summary')).outdated).toBe(1);
    const versions = await get<ConfigAgentVersions>(`/api/configs/${config.id}/agent-versions`);
    expect(versions).toMatchObject({
      latestVersion: 2,
      versions: [{ version: 1, agents: 1, exact: 1, inferred: 0, unknown: 0, outdated: 1 }],
      anonymousFetches: [],
    });

    await fetchToml(path);
    await services.configFetches.flush();
    expect(await runs('web-1')).toEqual([
      expect.objectContaining({ version: 2, latestVersion: 2, basis: 'exact', outdated: false }),
    ]);
    expect((await get<AgentList>('/api/agents?flag=outdated')).items).toEqual([]);
    expect((await get<AgentsSummary>('/api/agents/summary')).outdated).toBe(0);
  });

  it('infers the version of an agent without an identity from its URL, says when it does not know, and waits the default grace', async () => {
    const { services, fetchToml, beat, get, runs, save, savedAgo, app, members } = await setup();
    const served = await createConfig(app, members.manager, { toml: anonymous('cpu') });
    const unseen = await createConfig(app, members.manager, { toml: anonymous('disk') });
    const servedPath = `/api/configs/${served.id}/toml`;
    await fetchToml(servedPath);
    await services.configFetches.flush();
    await beat('anon', [servedPath]);
    // Never fetched from this controller (another served it, or it was loaded before records began).
    await beat('elsewhere', [`/api/configs/${unseen.id}/toml`]);
    expect(await runs('anon')).toEqual([expect.objectContaining({ version: 1, basis: 'inferred', outdated: false })]);
    expect(await runs('elsewhere')).toEqual([
      expect.objectContaining({ version: 1, basis: 'unknown', outdated: false }),
    ]);
    expect(await get<ConfigAgentVersions>(`/api/configs/${served.id}/agent-versions`)).toMatchObject({
      versions: [{ version: 1, agents: 1, exact: 0, inferred: 1, unknown: 0 }],
      anonymousFetches: [{ version: 1, urls: 1 }],
    });

    await save(served.id, anonymous('mem'));
    await save(unseen.id, anonymous('mem'));
    // No interval observed: the default grace (10 minutes) holds them back.
    expect((await get<AgentList>('/api/agents?flag=outdated')).items).toEqual([]);
    await savedAgo(served.id, 2, 11 * MINUTE);
    await savedAgo(unseen.id, 2, 11 * MINUTE);
    expect((await get<AgentList>('/api/agents?flag=outdated&sortBy=id')).items.map((agent) => agent.id)).toEqual([
      'anon',
      'elsewhere',
    ]);
    expect(await runs('anon')).toEqual([expect.objectContaining({ version: 1, latestVersion: 2, outdated: true })]);
  });

  it('records a group per member, keeps the latest fetch per agent, and counts fetches toward their token', async () => {
    const { services, fetchToml, beat, get, runs, app, members, token, database } = await setup();
    const first = await createConfig(app, members.manager, { toml: identified('cpu') });
    const second = await createConfig(app, members.manager, { toml: '[[inputs.mem]]\n' });
    const group = await createGroup(app, members.manager, { configIds: [second.id, first.id] });
    const fetching = await createToken(app, members.manager);
    const path = `/api/config-groups/${group.id}/toml?node=db-1`;
    await fetchToml(path, 'GET', fetching.authorization);
    await fetchToml(path, 'GET', fetching.authorization);
    await services.configFetches.flush();
    // Heartbeats come with another token: both tokens serve this agent.
    await beat('db-1', [path], token.authorization);
    expect(await runs('db-1')).toEqual([
      expect.objectContaining({ configId: second.id, version: 1, basis: 'exact' }),
      expect.objectContaining({ configId: first.id, version: 1, basis: 'exact' }),
    ]);
    // Two fetches, one record per member.
    const stored = await sql<{ n: number | string }>`select count(*) as n from config_fetches`.execute(database.db);
    expect(Number(stored.rows[0]!.n)).toBe(2);
    const listed = await app.inject({ method: 'GET', url: '/api/tokens?limit=100', headers: members.manager.headers });
    const tokens = listed.json() as { items: Token[] };
    expect(tokens.items.find((item) => item.id === fetching.id)?.agentCount).toBe(1);
    expect(tokens.items.find((item) => item.id === token.id)?.agentCount).toBe(1);
    expect((await get<AgentList>(`/api/agents?token=${fetching.id}`)).items.map((agent) => agent.id)).toEqual(['db-1']);
  });

  it('lists the same Outdated agents by id as when each candidate is confirmed in SQL (listed, or walked on SQLite)', async () => {
    const { beat, get, save, savedAgo, app, members, database } = await setup();
    const config = await createConfig(app, members.manager, { toml: identified('cpu') });
    const ids = Array.from({ length: 130 }, (_, n) => `fleet-${String(n).padStart(3, '0')}`);
    for (const id of ids) await beat(id, [`/api/configs/${config.id}/toml?node=${id}`]);
    await save(config.id, identified('mem'));
    await savedAgo(config.id, 2, 11 * MINUTE);
    // As the fetch recorder writes them: 120 agents fetched version 1 with their identity, 10 version 2.
    const now = new Date().toISOString();
    await sql`insert into config_fetches (config_id, fetch_key, agent_id, version, source_digest, fetched_at,
        checked_at)
      select config_id, agent_id, agent_id, case when agent_id >= 'fleet-120' then 2 else 1 end, agent_id, ${now},
        ${now}
      from agent_configs where config_id = ${config.id}`.execute(database.db);
    await sql`update agent_configs set version = 2 where agent_id >= 'fleet-120'`.execute(database.db);
    const listed = async (query: string) => {
      const found: string[] = [];
      let cursor: string | null = null;
      do {
        const page: AgentList = await get<AgentList>(
          `/api/agents?sortBy=id&limit=50&${query}${cursor === null ? '' : `&cursor=${cursor}`}`,
        );
        found.push(...page.items.map((agent) => agent.id));
        cursor = page.nextCursor;
      } while (cursor !== null);
      return found;
    };
    const rule = { defaultGraceMs: 10 * MINUTE };
    /** The repository's list with each candidate confirmed in SQL, as when too many are behind to list them. */
    const confirmed = async () =>
      (
        await listAgentRows(database.db, engine, {
          statuses: [],
          labelIds: [],
          outdated: { rule },
          sort: 'id',
          descending: false,
          limit: 500,
          drift: rule,
        })
      ).map((row) => row.id);
    expect(await outdatedAgentIds(database.db, engine, rule)).toHaveLength(120);
    expect(await listed('flag=outdated')).toEqual(ids.slice(0, 120));
    expect(await confirmed()).toEqual(ids.slice(0, 120));
    expect((await get<AgentsSummary>('/api/agents/summary')).outdated).toBe(120);
    // A few (the listed shape on SQLite), once the Outdated agents worked out before are too old to reuse.
    await sql`update config_fetches set version = 2 where agent_id >= 'fleet-005'`.execute(database.db);
    await sql`update agent_configs set version = 2 where agent_id >= 'fleet-005'`.execute(database.db);
    expect(await confirmed()).toEqual(ids.slice(0, 5));
    await pause(2 * COUNTS_MAX_AGE_MS);
    expect(await listed('flag=outdated')).toEqual(ids.slice(0, 5));
    expect((await get<AgentsSummary>('/api/agents/summary')).outdated).toBe(5);
  });
});
