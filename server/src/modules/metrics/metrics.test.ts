import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { engine, freshDatabaseTarget } from '../../../test/harness.js';
import { startTestController } from '../../../test/test-controller.js';

/** One sample's value from the Prometheus text, or undefined when the series is absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((row) => row.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe(`GET /metrics on ${engine}`, () => {
  it('moves with the traffic it is sent, and is closed to callers without analytics:read', async () => {
    const node = await startTestController(await freshDatabaseTarget());
    const scrape = async () => {
      const answer = await node.api('/metrics');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toContain('text/plain');
      return answer.text();
    };
    const before = await scrape();
    expect(sample(before, 'tc_leader')).toBe(1);
    expect(sample(before, 'tc_heartbeats_total{outcome="accepted"}')).toBe(0);
    expect(sample(before, 'tc_agents{status="undefined"}')).toBe(0);
    expect(before).toContain('tc_process_resident_memory_bytes');
    expect(before).toContain('tc_nodejs_eventloop_lag_seconds');

    for (const id of ['m-1', 'm-2', 'm-3']) expect((await node.beat(id)).status).toBe(202);
    expect((await node.api('/api/configs/nope')).status).toBe(404);
    for (const id of ['m-1', 'm-2', 'm-3']) {
      for (let i = 0; i < 40 && !(await node.stored(id)); i += 1) await new Promise((r) => setTimeout(r, 50));
    }
    const after = await scrape();
    expect(sample(after, 'tc_heartbeats_total{outcome="accepted"}')).toBe(3);
    expect(
      sample(after, 'tc_http_requests_total{listener="api",method="GET",route="/api/configs/:id",status="404"}'),
    ).toBe(1);
    expect(
      sample(after, 'tc_http_request_duration_seconds_count{listener="api",method="GET",route="/api/configs/:id"}'),
    ).toBe(1);
    expect(sample(after, 'tc_heartbeat_flush_duration_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'tc_database_connections')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'tc_token_cache_entries')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'tc_token_cache_lookups_total{result="hit"}')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'tc_render_cache_lookups_total{result="hit"}')).toBe(0);
    const created = await node.api('/api/configs', { method: 'POST', body: { name: 'scraped', toml: '[agent]\n' } });
    const { id } = (await created.json()) as { id: string };
    for (let i = 0; i < 3; i += 1) expect((await node.api(`/api/configs/${id}/toml`)).status).toBe(200);
    const rendered = await scrape();
    expect(sample(rendered, 'tc_render_cache_lookups_total{result="miss"}')).toBeGreaterThanOrEqual(1);
    expect(sample(rendered, 'tc_render_cache_lookups_total{result="hit"}')).toBeGreaterThanOrEqual(2);
    // The fleet summary is reused for a few seconds; it follows the agents that arrived (with no status reported).
    let agents = sample(after, 'tc_agents{status="undefined"}');
    for (let i = 0; i < 40 && agents !== 3; i += 1) {
      await new Promise((r) => setTimeout(r, 250));
      agents = sample(await scrape(), 'tc_agents{status="undefined"}');
    }
    expect(agents).toBe(3);
    expect(sample(await scrape(), 'tc_agents_by_telegraf_version{version="Telegraf 1.39.3"}')).toBe(3);

    // An agent that loads the configuration counts for it, by name.
    const port = (node.controller.listeners.api.server.address() as { port: number }).port;
    expect((await node.beat('m-4', 1, [`http://127.0.0.1:${port}/api/configs/${id}/toml`])).status).toBe(202);
    let using = sample(await scrape(), 'tc_agents_by_configuration{kind="config",name="scraped"}');
    for (let i = 0; i < 40 && using !== 1; i += 1) {
      await new Promise((r) => setTimeout(r, 250));
      using = sample(await scrape(), 'tc_agents_by_configuration{kind="config",name="scraped"}');
    }
    expect(using).toBe(1);

    // A statement the database refuses is counted.
    const errors = sample(await scrape(), 'tc_database_errors_total')!;
    await expect(sql`select * from no_such_table`.execute(node.controller.database.db)).rejects.toThrow();
    expect(sample(await scrape(), 'tc_database_errors_total')).toBe(errors + 1);

    const anonymous = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('content-type')).toContain('application/problem+json');
  });
});
