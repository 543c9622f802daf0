import http from 'node:http';
import { sql } from 'kysely';
import { agentId } from '../../scripts/lib/fleet.mjs';
import { runStatusPass } from '../../server/dist/modules/agents/status-scheduler.js';
import { callApi, configUrl, createConfig, inChunks } from './api-client.mjs';
import { below, figure, formatCount, formatMs, summarizeLatencies } from './figures.mjs';
import { startFleetController } from './fleet-controller.mjs';
import { openFleetDatabase, seedFleet, settleStatistics, spreadLastSeen } from './fleet-database.mjs';

export const FLEET_SIZE = 200_000;
const REQUESTS = 200;
const WARMUP_REQUESTS = 20;
const PAGE = 25;
const HOUR_MS = 3600_000;
const BULK_IDS = 500;

/** Seeding 200k agents, then 14 cases of 220 requests: a rough upper bound for the runner's message. */
export const ESTIMATED_SECONDS = 300;

/**
 * The agents page over a fleet of 200,000 on `engine`: one page (`limit=25`) of `GET /api/agents` with each filter
 * and sort the UI offers, and the page's `GET /api/agents/summary`, each asked 200 times in a row (after 20 not
 * counted) over one keep-alive connection, as a browser does. No heartbeats arrive, and no status pass runs, meanwhile.
 */
export async function measureAgentList(engine) {
  const notes = [];
  const problems = [];
  // The bench runs the one status pass itself; the scheduler's own passes (timed by status-pass benchmarks) would
  // land in the middle of one filter's requests, which then measure the pass instead.
  const controller = await startFleetController(engine, { STATUS_CHECK_INTERVAL_SECONDS: '86400' });
  try {
    const fleet = await buildFleet(controller, notes);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const rows = [];
    const figures = [];
    for (const [label, path] of listCases(fleet)) {
      const measured = await measurePath(controller, agent, path);
      rows.push([
        label,
        `\`${path}\``,
        formatCount(measured.total),
        ...[measured.firstMs, measured.p50Ms, measured.p99Ms, measured.maxMs].map(formatMs),
      ]);
      figures.push(
        figure(label, measured.p99Ms, {
          shown: `${formatMs(measured.p50Ms)} / ${formatMs(measured.p99Ms)} ms`,
          target: below(20, 'p99 < 20 ms'),
        }),
      );
    }
    agent.destroy();
    notes.push(
      `figures are p50 / p99 of ${REQUESTS} sequential requests each (after ${WARMUP_REQUESTS} not counted), from ` +
        'sending the request to the end of the answer; `limit=25` as the UI asks',
      '`first ms` is the first request of each case, which computes the fleet counts (the list total and the ' +
        'summary) that later requests of the same filter reuse for up to 5 s (server/src/modules/agents/' +
        'agent-counts.ts); rows are read afresh by every request',
    );
    const columns = ['case', 'request', 'total', 'first ms', 'p50 ms', 'p99 ms', 'max ms'].map((header, i) => ({
      header,
      align: i < 2 ? 'left' : 'right',
    }));
    return {
      figures,
      tables: [{ title: 'Each request, the agents it matches (`total`) and its latency:', columns, rows }],
      notes,
      problems,
    };
  } finally {
    problems.push(...(await controller.stop()));
  }
}

/**
 * 200,000 agents written through the heartbeat buffer (last seen spread over the last hour; 80 % report a
 * controller config URL), then, through the API as a person would: two configurations, a second reporting rule on
 * 10 % of the agents, labels on 30 % and 2 %; finally one status pass, as the scheduler would have run.
 */
async function buildFleet(controller, notes) {
  const api = (method, path, body) => callApi(controller.apiUrl, controller.token, method, path, body);
  const main = await createConfig(controller.apiUrl, controller.token, 'bench-main');
  const other = await createConfig(controller.apiUrl, controller.token, 'bench-other');
  // Silent for up to 55 minutes: with last-seen times spread over an hour, about 8 % of agents are not reporting.
  const defaultRule = (await api('GET', '/api/reporting-rules')).items.find((rule) => rule.isDefault);
  await api('PATCH', `/api/reporting-rules/${defaultRule.id}`, { notReportingAfterSeconds: 3300 });
  const shortRule = await api('POST', '/api/reporting-rules', {
    description: 'bench: not reporting after 10 minutes',
    notReportingAfterSeconds: 600,
  });

  const handle = await openFleetDatabase(controller.database);
  try {
    const started = performance.now();
    const urls = [configUrl(main), configUrl(other)];
    await seedFleet(handle, {
      count: FLEET_SIZE,
      lastSeenAt: spreadLastSeen(FLEET_SIZE, Date.now(), HOUR_MS),
      configUrlsOf: (i) => (i % 5 === 4 ? [] : urls),
    });
    const ids = (keep) =>
      Array.from({ length: FLEET_SIZE }, (_, i) => i)
        .filter(keep)
        .map(agentId);
    const wide = await api('POST', '/api/labels', { name: 'eu-west', color: '#3b82f6' });
    const narrow = await api('POST', '/api/labels', { name: 'canary', color: '#f59e0b' });
    for (const [label, keep] of [
      [wide, (i) => i % 10 < 3],
      [narrow, (i) => i % 50 === 1],
    ]) {
      await inChunks(ids(keep), BULK_IDS, (chunk) =>
        api('PUT', '/api/agents/bulk/labels/assign', { ids: chunk, labelIds: [label.id] }),
      );
    }
    await inChunks(
      ids((i) => i % 10 === 9),
      BULK_IDS,
      (chunk) => api('PUT', '/api/agents/bulk/reporting-rule', { ids: chunk, reportingRuleId: shortRule.id }),
    );
    // What heartbeats would have written for issue 20's flags: 1 % duplicate ids, 2 % silent, 1 % degrading, and
    // the bootstrap token on 30 % (written directly: the fleet was seeded without tokens or hostname changes).
    const token = (await api('GET', '/api/auth/me')).token.id;
    const now = new Date().toISOString();
    await sql`update agents set alternated_at = ${now}, alternation_gap_ms = 60000, alternations = 3,
      alternation_hosts = '["a","b"]' where id like '%17'`.execute(handle.db);
    await sql`update agents set silent_beats = 5 where id like '%03' or id like '%13'`.execute(handle.db);
    await sql`update agents set rising_error_beats = 4 where id like '%29'`.execute(handle.db);
    await sql`update agents set token_id = ${token}, token_seen_at = ${now}
      where id like '%1' or id like '%4' or id like '%7'`.execute(handle.db);
    // Drift: bench-main saved again an hour ago, and every agent loading it fetched it with its identity since
    // (records, and links moved to the version fetched, as the fetch recorder writes them), but 1 % is still on
    // version 1: Outdated.
    const saved = await api('GET', `/api/configs/${main}`);
    await api('PATCH', `/api/configs/${main}`, { toml: `${saved.toml}\n# version 2\n` });
    const hourAgo = new Date(Date.now() - HOUR_MS).toISOString();
    await sql`update config_versions set created_at = ${hourAgo} where config_id = ${main} and version = 2`.execute(
      handle.db,
    );
    await sql`insert into config_fetches (config_id, fetch_key, agent_id, version, source_digest, fetched_at,
        checked_at, interval_ms)
      select config_id, agent_id, agent_id, case when agent_id like '%31' then 1 else 2 end, agent_id, ${now}, ${now},
        60000
      from agent_configs where config_id = ${main}`.execute(handle.db);
    await sql`update agent_configs set version = 2 where config_id = ${main} and agent_id not like '%31'`.execute(
      handle.db,
    );
    // Error patterns come from the fleet's own heartbeat logs, written as they were seeded.
    const [pattern] = (await api('GET', '/api/error-patterns?limit=1')).items;
    await runStatusPass(handle, Date.now());
    await settleStatistics(handle);
    notes.push(
      `fleet built in ${((performance.now() - started) / 1000).toFixed(0)} s: ${formatCount(FLEET_SIZE)} agents ` +
        'from scripts/lib/fleet.mjs through the heartbeat buffer, last seen spread over the last hour; 80 % report ' +
        'a config URL (bench-main for 90 % of those, bench-other for 10 %); labels eu-west on 30 % and canary on ' +
        '2 % and the 10-minute rule on 10 % through the bulk API; default rule at 55 minutes; duplicate ids on 1 %, ' +
        'silent on 2 %, degrading on 1 % and the bootstrap token on 30 % written as heartbeats would; bench-main ' +
        'saved again an hour ago, with a fetch record per agent loading it, 1 % still on version 1 (Outdated); ' +
        'Incompatible: agents on Telegraf 1.36 (10 %), older than the heartbeat output; error patterns from the ' +
        'seeded heartbeat logs; then one status pass',
    );
    return { main, other, shortRule, wide, narrow, token, pattern };
  } finally {
    await handle.close();
  }
}

function listCases({ main, other, shortRule, wide, narrow, token, pattern }) {
  const list = (query) => `/api/agents?${new URLSearchParams({ ...query, limit: String(PAGE) })}`;
  return [
    ['no filter (newest first)', list({})],
    ['status ok', list({ status: 'ok' })],
    ['status fail', list({ status: 'fail' })],
    ['config bench-main', list({ config: main })],
    ['config bench-other', list({ config: other })],
    ['reporting rule (10 %)', list({ reportingRule: shortRule.id })],
    ['label eu-west (30 %)', list({ label: wide.id })],
    ['label canary (2 %)', list({ label: narrow.id })],
    ['search "web-0012"', list({ search: 'web-0012' })],
    ['search "edge"', list({ search: 'edge' })],
    ['duplicate ids (1 %)', list({ duplicate: 'true' })],
    ['flag silent (2 %)', list({ flag: 'silent' })],
    ['flag degrading (1 %)', list({ flag: 'degrading' })],
    ['token (30 %)', list({ token })],
    ['flag outdated (1 %)', list({ flag: 'outdated' })],
    ['flag incompatible (10 %)', list({ flag: 'incompatible' })],
    ['error pattern (most recent)', list({ errorPattern: pattern.id })],
    ['sort by status', list({ sortBy: 'status', sortOrder: 'asc' })],
    ['sort by hostname', list({ sortBy: 'hostname', sortOrder: 'asc' })],
    ['summary (fleet bar)', '/api/agents/summary'],
  ];
}

async function measurePath(controller, agent, path) {
  const latencies = [];
  let total;
  let firstMs;
  for (let n = 0; n < WARMUP_REQUESTS + REQUESTS; n += 1) {
    const began = performance.now();
    const { status, body } = await get(agent, `${controller.apiUrl}${path}`, controller.authorization);
    const elapsed = performance.now() - began;
    if (status !== 200) throw new Error(`GET ${path} answered ${status}: ${body.slice(0, 300)}`);
    if (n >= WARMUP_REQUESTS) latencies.push(elapsed);
    if (n === 0) {
      total = JSON.parse(body).total;
      firstMs = elapsed;
    }
  }
  return { total, firstMs, ...summarizeLatencies(latencies) };
}

function get(agent, url, authorization) {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { agent, headers: { authorization }, timeout: 30_000 }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    request.on('timeout', () => request.destroy(new Error(`no answer from ${url} within 30 s`)));
    request.on('error', reject);
  });
}
