import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { engine, freshDatabaseTarget } from '../harness.js';
import { startTcpProxy } from '../tcp-proxy.js';
import { clusterNode, describeCluster, startNginx, until, type ClusterSettings, type Node } from './cluster-harness.js';

const POLL_MS = 200;
const LEADER_RETRY_MS = 200;
/** Heartbeats acknowledged this long before a kill must be stored: a few flush windows (250 ms each). */
const SAFE_MS = 1_000;

/** `proxied`: the index of a node whose database connections go through a TCP proxy the test controls. */
async function cluster(size = 3, { proxied }: { proxied?: number } = {}) {
  const target = await freshDatabaseTarget();
  if (target.engine !== 'postgres') throw new Error('a cluster needs PostgreSQL');
  const direct = new URL(target.url);
  const proxy = await startTcpProxy(Number(direct.port || 5432), direct.hostname);
  const throughProxy = new URL(target.url);
  throughProxy.host = `127.0.0.1:${proxy.port}`;
  const settings: ClusterSettings = {
    databaseUrl: target.url,
    ownerToken: `tc-apiv1_${randomBytes(32).toString('hex')}`,
    pollMs: POLL_MS,
    leaderRetryMs: LEADER_RETRY_MS,
    statusCheckSeconds: 1,
  };
  const nodes: Node[] = [];
  for (let i = 0; i < size; i += 1) {
    const databaseUrl = i === proxied ? throughProxy.toString() : settings.databaseUrl;
    const node = await clusterNode(String.fromCharCode(97 + i), { ...settings, databaseUrl });
    await node.start();
    nodes.push(node);
  }
  const balancer = await startNginx(nodes);
  const authorization = `Bearer ${settings.ownerToken}`;
  const call = (base: string, path: string, init: { method?: string; body?: unknown } = {}) =>
    fetch(`${base}${path}`, {
      method: init.method ?? 'GET',
      headers: { authorization, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
  const leaderOf = async () => {
    const answers = await Promise.all(
      nodes.map(
        async (node) =>
          (await fetch(`${node.api}/health/leader`)
            .then((r) => r.json())
            .catch(() => null)) as { leader: boolean } | null,
      ),
    );
    return answers.flatMap((answer, index) => (answer?.leader ? [nodes[index]!] : []));
  };
  return { nodes, balancer, call, leaderOf, authorization, proxy };
}

describe.skipIf(engine !== 'postgres')('three controllers behind nginx (postgres only)', () => {
  describeCluster('a cluster', () => {
    it('a configuration and the settings changed through one node are served changed by every node at once', async () => {
      const { nodes, balancer, call } = await cluster();
      const created = await call(nodes[0]!.api, '/api/configs', {
        method: 'POST',
        body: { name: 'edge', toml: '[agent]\n  interval = "10s"\n' },
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      // Every node renders it once, so each has it in memory before the change.
      for (const node of nodes) expect((await call(node.api, `/api/configs/${id}/toml`)).status).toBe(200);
      const changed = await call(nodes[1]!.api, `/api/configs/${id}`, {
        method: 'PATCH',
        body: { toml: '[agent]\n  interval = "30s"\n' },
      });
      expect(changed.status).toBe(200);
      const served = await Promise.all(
        [...nodes.map((node) => node.api), balancer.api].map(async (base) => {
          const answer = await call(base, `/api/configs/${id}/toml`);
          return { etag: answer.headers.get('etag'), body: await answer.text() };
        }),
      );
      for (const answer of served) {
        expect(answer.body).toContain('interval = "30s"');
        expect(answer.etag).toBe(served[0]!.etag);
      }
      const patched = await call(nodes[2]!.api, '/api/settings', {
        method: 'PATCH',
        body: { publicHeartbeatUrl: 'https://beats.example.com' },
      });
      expect(patched.status).toBe(200);
      for (const node of nodes) {
        const settings = (await (await call(node.api, '/api/settings')).json()) as {
          publicHeartbeatUrl: string | null;
        };
        expect(settings.publicHeartbeatUrl, node.name).toBe('https://beats.example.com');
      }
    });

    it('a revoked token is refused by every node, and by one whose notices are silently lost within the poll interval', async () => {
      const { nodes, call, proxy } = await cluster(3, { proxied: 1 });
      const created = await call(nodes[0]!.api, '/api/tokens', {
        method: 'POST',
        body: { name: 'agents', permissions: ['configs:read'] },
      });
      expect(created.status).toBe(201);
      const { id, token } = (await created.json()) as { id: string; token: string };
      const me = (node: Node) =>
        fetch(`${node.api}/api/auth/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status);
      // Every node has the token in memory before the revocation.
      for (const node of nodes) expect(await me(node)).toBe(200);
      // B's LISTEN connection stays open but carries nothing more, as behind a firewall that forgot it.
      expect(proxy.silence(' listener')).toBe(1);
      expect((await call(nodes[0]!.api, `/api/tokens/${id}/revoke`, { method: 'POST' })).status).toBe(200);
      expect(await me(nodes[0]!)).toBe(401);
      expect(await until(async () => (await me(nodes[2]!)) === 401, 50, 40)).toBe(true);
      expect(await until(async () => (await me(nodes[1]!)) === 401, POLL_MS, 20)).toBe(true);
      // B found out by its poll: its notice never came.
      const metrics = await (await call(nodes[1]!.api, '/metrics')).text();
      const polled = /^tc_cache_clears_total\{channel="tc_token_changes",via="poll"\} (\d+)$/m.exec(metrics);
      expect(Number(polled?.[1])).toBeGreaterThanOrEqual(1);
    });

    it('after kill -9 of the leader another node leads and status passes go on; a SIGTERM hands over at once', async () => {
      const { nodes, call, leaderOf } = await cluster();
      expect(await until(async () => (await leaderOf()).length === 1, LEADER_RETRY_MS, 50)).toBe(true);
      const [first] = await leaderOf();
      await first!.stop('SIGKILL');
      const rest = nodes.filter((node) => node !== first);
      expect(await until(async () => (await leaderOf()).length === 1, LEADER_RETRY_MS, 50)).toBe(true);
      const [second] = await leaderOf();
      expect(rest).toContain(second);
      const passes = async () =>
        (
          (await (await call(second!.api, '/api/heartbeat/health')).json()) as {
            scheduler: { lastSuccessAt: string | null };
          }
        ).scheduler.lastSuccessAt;
      const before = await passes();
      expect(await until(async () => (await passes()) !== before && (await passes()) !== null, 250, 40)).toBe(true);
      await second!.stop('SIGTERM');
      expect(await until(async () => (await leaderOf()).length === 1, LEADER_RETRY_MS, 50)).toBe(true);
      const [third] = await leaderOf();
      expect(rest.filter((node) => node !== second)).toContain(third);
    });

    it('a rollout whose leader is killed mid-step is driven on by the next leader, from the same step', async () => {
      const { nodes, call, leaderOf, authorization } = await cluster();
      const toml = (input: string) =>
        `[[inputs.${input}]]\n[[outputs.heartbeat]]\n  url = "http://x:8443/agents/heartbeat"\n  instance_id = "&{agent_id}"\n`;
      const created = await call(nodes[0]!.api, '/api/configs', {
        method: 'POST',
        body: { name: 'staged', toml: toml('cpu') },
      });
      const { id } = (await created.json()) as { id: string };
      await call(nodes[0]!.api, `/api/configs/${id}`, { method: 'PATCH', body: { publishMode: 'explicit' } });
      await call(nodes[0]!.api, `/api/configs/${id}`, { method: 'PATCH', body: { toml: toml('mem') } });
      /** An agent loads the configuration through `node` and heartbeats reporting its URL; answers what it got. */
      const run = async (node: Node, agent: string) => {
        const served = await (await call(node.api, `/api/configs/${id}/toml?agent_id=${agent}`)).text();
        const beat = await fetch(`${node.heartbeat}/agents/heartbeat`, {
          method: 'POST',
          headers: { authorization, 'content-type': 'application/json' },
          body: JSON.stringify({
            id: agent,
            version: 'Telegraf 1.39.3',
            status: 'OK',
            configurations: [`http://x:8888/api/configs/${id}/toml?agent_id=${agent}`],
          }),
        });
        expect(beat.status).toBe(202);
        return /inputs\.(\w+)/.exec(served)?.[1];
      };
      for (const agent of ['edge-1', 'edge-2']) expect(await run(nodes[0]!, agent)).toBe('cpu');
      const started = await call(nodes[0]!.api, `/api/configs/${id}/rollouts`, {
        method: 'POST',
        body: {
          version: 2,
          cohorts: [
            { agents: ['edge-1'], bakeSeconds: 0 },
            { percent: 100, bakeSeconds: 0 },
          ],
        },
      });
      expect(started.status).toBe(201);
      const rollout = (await started.json()) as { id: string };
      const stateOn = async (node: Node) =>
        (await (await call(node.api, `/api/configs/${id}/rollouts/${rollout.id}`)).json()) as {
          state: string;
          step: number;
        };
      // Step 0 waits for its sample; its leader dies meanwhile.
      expect(await until(async () => (await leaderOf()).length === 1, LEADER_RETRY_MS, 50)).toBe(true);
      const [first] = await leaderOf();
      await first!.stop('SIGKILL');
      const rest = nodes.filter((node) => node !== first);
      expect(await until(async () => (await leaderOf()).length === 1, LEADER_RETRY_MS, 50)).toBe(true);
      expect(await stateOn(rest[0]!)).toMatchObject({ state: 'running', step: 0 });
      expect(await run(rest[0]!, 'edge-1')).toBe('mem');
      expect(await until(async () => (await stateOn(rest[1]!)).step === 1, 200, 50)).toBe(true);
      expect(await run(rest[1]!, 'edge-2')).toBe('mem');
      expect(await until(async () => (await stateOn(rest[0]!)).state === 'finished', 200, 50)).toBe(true);
      const config = (await (await call(rest[1]!.api, `/api/configs/${id}`)).json()) as { publishedVersion: number };
      expect(config.publishedVersion).toBe(2);
    });

    it('heartbeats through nginx while a node dies and comes back: every one acknowledged before the kill window is stored', async () => {
      const { nodes, balancer, call, authorization } = await cluster();
      const accepted: Array<{ id: string; at: number }> = [];
      let refused = 0;
      let sent = 0;
      let running = true;
      const sender = (async () => {
        while (running) {
          const id = `agent-${sent}`;
          sent += 1;
          const answer = await fetch(`${balancer.heartbeat}/agents/heartbeat`, {
            method: 'POST',
            headers: { authorization, 'content-type': 'application/json' },
            body: JSON.stringify({
              id,
              version: 'Telegraf 1.39.3',
              schema: 1,
              statistics: { errors: 0, warnings: 0, metrics: 1 },
            }),
          }).catch(() => undefined);
          if (answer !== undefined && answer.status >= 200 && answer.status < 300)
            accepted.push({ id, at: Date.now() });
          else refused += 1;
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      })();
      await until(async () => accepted.length >= 50, 50, 100);
      const killedAt = Date.now();
      await nodes[1]!.stop('SIGKILL');
      const atKill = accepted.length;
      await until(async () => accepted.length >= atKill + 100, 50, 200);
      await nodes[1]!.start();
      const atRestart = accepted.length;
      await until(async () => accepted.length >= atRestart + 100, 50, 200);
      running = false;
      await sender;
      expect(accepted.length).toBeGreaterThan(atRestart);
      // The heartbeat output does not retry: a beat cut while the node died is lost, at most the one in flight.
      expect(refused).toBeLessThanOrEqual(1);
      // Write-behind: what the killed node acknowledged in its last flush windows may be lost (kill -9); everything
      // acknowledged before them, and everything after the kill (by the nodes still running), is stored.
      const required = accepted.filter(({ at }) => at < killedAt - SAFE_MS || at > killedAt).map(({ id }) => id);
      const stored = async () => {
        const ids = new Set<string>();
        let cursor: string | null = null;
        do {
          const query: string = cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`;
          const page = (await (await call(nodes[0]!.api, `/api/agents?limit=500${query}`)).json()) as {
            items: Array<{ id: string }>;
            nextCursor: string | null;
          };
          for (const item of page.items) ids.add(item.id);
          cursor = page.nextCursor;
        } while (cursor !== null);
        return ids;
      };
      let missing: string[] = required;
      await until(
        async () => {
          const ids = await stored();
          missing = required.filter((id) => !ids.has(id));
          return missing.length === 0;
        },
        250,
        40,
      );
      expect(missing).toEqual([]);
    });
  });
});
