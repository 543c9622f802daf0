import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { OptionError } from '../src/option-parsers.js';
import type { DatabaseTarget } from '../src/options.js';
import { engine, freshDatabaseTarget } from './harness.js';
import { startTestController } from './test-controller.js';

const POLL_MS = 150;
const RETRY_MS = 100;
const SECRET = 's'.repeat(40);

/** Waits up to `tries` × `everyMs` for `check` to hold; returns whether it did. */
async function eventually(check: () => Promise<boolean>, everyMs: number, tries = 40): Promise<boolean> {
  for (let i = 0; i < tries; i += 1) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  return false;
}

/** A node of a cluster on `database`, with the cluster's intervals shortened; all nodes share the owner's token. */
function node(database: DatabaseTarget, ownerToken: string, sessionSecret = SECRET) {
  return startTestController(database, {
    haEnabled: true,
    haPollIntervalMs: POLL_MS,
    haLeaderRetryMs: RETRY_MS,
    sessionSecret,
    ownerToken,
  });
}

describe.skipIf(engine !== 'postgres')('nodes of a cluster on one PostgreSQL database (postgres only)', () => {
  it('a node whose SESSION_SECRET is not the cluster’s refuses to start, naming it', async () => {
    const database = await freshDatabaseTarget();
    const token = `tc-apiv1_${randomBytes(32).toString('hex')}`;
    await node(database, token);
    const refused = node(database, token, 't'.repeat(40));
    await expect(refused).rejects.toBeInstanceOf(OptionError);
    await expect(refused).rejects.toThrow(/SESSION_SECRET differs from the one the other nodes/);
  });

  it('nodes started together with one OWNER_TOKEN provision it once, and it works on each', async () => {
    const database = await freshDatabaseTarget();
    const token = `tc-apiv1_${randomBytes(32).toString('hex')}`;
    const first = await node(database, token);
    const others = await Promise.all([node(database, token), node(database, token)]);
    for (const each of [first, ...others]) expect((await each.api('/api/auth/me')).status).toBe(200);
    const rows = await sql<{
      count: string;
    }>`select count(*) as count from api_tokens where source = 'bootstrap'`.execute(first.controller.database.db);
    expect(Number(rows.rows[0]!.count)).toBe(1);
  });

  it('a change committed with no controller code after it (a node killed right after its commit) reaches every node', async () => {
    const database = await freshDatabaseTarget();
    const token = `tc-apiv1_${randomBytes(32).toString('hex')}`;
    const a = await node(database, token);
    const b = await node(database, token);
    expect((await a.api('/api/auth/me')).status).toBe(200);
    expect((await b.api('/api/auth/me')).status).toBe(200);
    // Only the row changes, as a script would change it: the database's triggers bump the version and send the notice.
    await sql`update api_tokens set revoked_at = ${new Date().toISOString()}`.execute(a.controller.database.db);
    expect(await eventually(async () => (await b.api('/api/auth/me')).status === 401, POLL_MS)).toBe(true);
    expect(await eventually(async () => (await a.api('/api/auth/me')).status === 401, POLL_MS)).toBe(true);
  });

  it('a change made through one node is refused by the others at once, and bumps its cache version', async () => {
    const database = await freshDatabaseTarget();
    const token = `tc-apiv1_${randomBytes(32).toString('hex')}`;
    const a = await node(database, token);
    const b = await node(database, token);
    const created = await (
      await a.api('/api/tokens', { method: 'POST', body: { name: 'agents', permissions: ['configs:read'] } })
    ).json();
    const headers = { authorization: `Bearer ${created.token}` };
    const apiPort = (n: typeof a) => (n.controller.listeners.api.server.address() as { port: number }).port;
    const me = (n: typeof a) => fetch(`http://127.0.0.1:${apiPort(n)}/api/auth/me`, { headers });
    expect((await me(b)).status).toBe(200);
    const before = await sql<{
      version: string;
    }>`select version from cache_versions where channel = 'tc_token_changes'`.execute(a.controller.database.db);
    expect((await a.api(`/api/tokens/${created.id}/revoke`, { method: 'POST' })).status).toBe(200);
    expect(await eventually(async () => (await me(b)).status === 401, 50)).toBe(true);
    const after = await sql<{
      version: string;
    }>`select version from cache_versions where channel = 'tc_token_changes'`.execute(a.controller.database.db);
    expect(Number(after.rows[0]?.version)).toBeGreaterThan(Number(before.rows[0]?.version ?? 0));
  });

  it('one node leads, /health/leader says so on every node, and a stopped leader hands over', async () => {
    const database = await freshDatabaseTarget();
    const token = `tc-apiv1_${randomBytes(32).toString('hex')}`;
    const nodes = [await node(database, token), await node(database, token)];
    const leaders = async () => {
      const answers = await Promise.all(nodes.map(async (n) => (await n.api('/health/leader')).json()));
      return answers as Array<{ leader: boolean; node: string; leaderNode: string | null }>;
    };
    expect(await eventually(async () => (await leaders()).filter((a) => a.leader).length === 1, RETRY_MS)).toBe(true);
    const answers = await leaders();
    const leading = answers.findIndex((a) => a.leader);
    for (const answer of answers) expect(answer.leaderNode).toBe(answers[leading]!.node);
    await nodes[leading]!.controller.close();
    const other = nodes[1 - leading]!;
    const leadsNow = async () => (await other.api('/health/leader')).status === 200;
    expect(await eventually(leadsNow, RETRY_MS)).toBe(true);
  });
});
