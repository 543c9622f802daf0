import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditForwarders, AuditPage, ForwardedAuditEntry } from '@telegraf-controller/contract/audit';
import { startController } from '../src/controller.js';
import type { Options } from '../src/options.js';
import { arrivals, syslogTcpReceiver, syslogUdpReceiver, webhookReceiver } from './audit-receivers.js';
import { createTestApp, engine, freshDatabaseTarget, releaseAfterTest, silentLogger, testOptions } from './harness.js';
import { startTestController } from './test-controller.js';

const SECRET = 'a-webhook-signing-secret';
const AUTHORIZATION = 'Bearer receiver-token';
const POLL = { timeout: 15_000, interval: 50 };

function forwarding(parts: Partial<Options['auditForwarding']>): Options['auditForwarding'] {
  return { syslog: undefined, webhook: undefined, file: undefined, intervalMs: 50, backoffMaxMs: 300, ...parts };
}

/** Options that forward to syslog over TCP, a webhook and a file at once. */
const everyDestination = (syslogPort: number, webhookUrl: string, file: string) => ({
  auditForwarding: forwarding({
    syslog: { host: '127.0.0.1', port: syslogPort, protocol: 'tcp' },
    webhook: webhookTo(webhookUrl),
    file: { path: file },
  }),
});

const webhookTo = (url: string) => ({
  url,
  authorization: AUTHORIZATION,
  secret: SECRET,
  timeoutMs: 2_000,
  retryDelayMs: 10,
});

function temporaryDirectory() {
  const dir = mkdtempSync(join(tmpdir(), 'tc-audit-file-'));
  releaseAfterTest(async () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const linesOf = (path: string): ForwardedAuditEntry[] => {
  try {
    return readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as ForwardedAuditEntry);
  } catch {
    return [];
  }
};

type Api = Awaited<ReturnType<typeof startTestController>>['api'];

/** Creates configurations; answers the `seq`s of their entries, read back from the API. */
async function recordSome(api: Api, count: number): Promise<ForwardedAuditEntry['seq'][]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const answer = await api('/api/configs', { method: 'POST', body: { name: `forwarded-${Date.now()}-${i}` } });
    expect(answer.status).toBe(201);
    ids.push(((await answer.json()) as { id: string }).id);
  }
  const page = (await (await api('/api/audit-logs?action=config.create&limit=100')).json()) as AuditPage;
  return page.items
    .filter((entry) => ids.includes(entry.target?.id ?? ''))
    .map((entry) => entry.seq)
    .sort((a, b) => a - b);
}

/** Every `seq` from the first forwarded one on, once at least, first arrivals in order, matching the database. */
async function expectChainOrder(api: Api, received: readonly ForwardedAuditEntry[]) {
  const seqs = arrivals(received);
  const first = seqs[0]!;
  expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => first + i));
  const page = (await (await api('/api/audit-logs?limit=200')).json()) as AuditPage;
  for (const entry of received) {
    const stored = page.items.find((item) => item.seq === entry.seq)!;
    expect(entry.hash).toBe(stored.hash);
    expect(entry.prevHash).toBe(stored.prevHash);
    expect(entry.chainHead.seq).toBeGreaterThanOrEqual(entry.seq);
    expect(entry.chainHead.hash).toMatch(/^[0-9a-f]{64}$/);
  }
}

const status = async (api: Api) => ((await (await api('/api/audit-logs/forwarders')).json()) as AuditForwarders).items;

describe('audit forwarding', () => {
  it('sends every entry to syslog over TCP, a signed webhook and a JSON Lines file, in seq order with the chain head', async () => {
    const [tcp, hook] = [await syslogTcpReceiver(), await webhookReceiver(SECRET)];
    const file = join(temporaryDirectory(), 'audit.jsonl');
    const { api } = await startTestController(await freshDatabaseTarget(), everyDestination(tcp.port, hook.url, file));
    const seqs = await recordSome(api, 3);
    const has = (received: () => readonly ForwardedAuditEntry[]) => () =>
      seqs.every((seq) => received().some((entry) => entry.seq === seq));
    await expect
      .poll(
        has(() => tcp.messages.map((message) => message.entry)),
        POLL,
      )
      .toBe(true);
    await expect
      .poll(
        has(() => hook.deliveries.map((delivery) => delivery.entry)),
        POLL,
      )
      .toBe(true);
    await expect
      .poll(
        has(() => linesOf(file)),
        POLL,
      )
      .toBe(true);

    await expectChainOrder(
      api,
      tcp.messages.map((message) => message.entry),
    );
    await expectChainOrder(
      api,
      hook.deliveries.map((delivery) => delivery.entry),
    );
    await expectChainOrder(api, linesOf(file));
    const message = tcp.messages.find((candidate) => candidate.entry.seq === seqs[0])!;
    // Facility 13 (log audit), severity notice: 109; MSGID the action.
    expect(message).toMatchObject({ priority: 109, appName: 'telegraf-controller', msgId: 'config.create' });
    expect(message.timestamp).toBe(message.entry.at);
    expect(hook.deliveries.every((delivery) => delivery.signed && delivery.authorization === AUTHORIZATION)).toBe(true);

    const forwarders = await status(api);
    expect(forwarders.map(({ kind, destination }) => [kind, destination])).toEqual([
      ['syslog', `tcp://127.0.0.1:${tcp.port}`],
      ['webhook', new URL(hook.url).origin],
      ['file', file],
    ]);
    expect(JSON.stringify(forwarders)).not.toContain('not-shown');
    expect(forwarders.every((forwarder) => forwarder.failingSince === null && forwarder.sentAt !== null)).toBe(true);
  });

  it('keeps entries while a destination is down and sends them, in order, when it is back', async () => {
    const [tcp, hook] = [await syslogTcpReceiver(), await webhookReceiver(SECRET)];
    const dir = join(temporaryDirectory(), 'not-yet');
    const file = join(dir, 'audit.jsonl');
    hook.state.status = 503;
    await tcp.down();
    const { api } = await startTestController(await freshDatabaseTarget(), everyDestination(tcp.port, hook.url, file));
    const seqs = await recordSome(api, 3);
    await expect
      .poll(
        async () => (await status(api)).every((forwarder) => forwarder.failingSince !== null && forwarder.pending >= 3),
        POLL,
      )
      .toBe(true);
    const failing = await status(api);
    expect(failing.map((forwarder) => forwarder.lastError)).toEqual([
      expect.stringContaining('ECONNREFUSED'),
      'HTTP 503 after 4 attempt(s)',
      `ENOENT: ${file}`,
    ]);
    expect(hook.state.requests).toBeGreaterThanOrEqual(4);

    hook.state.status = 200;
    await tcp.up();
    mkdirSync(dir);
    const last = seqs[seqs.length - 1]!;
    await expect.poll(() => tcp.messages.some((message) => message.entry.seq === last), POLL).toBe(true);
    await expect.poll(() => hook.deliveries.some((delivery) => delivery.entry.seq === last), POLL).toBe(true);
    await expect.poll(() => linesOf(file).some((entry) => entry.seq === last), POLL).toBe(true);
    for (const received of [
      tcp.messages.map((message) => message.entry),
      hook.deliveries.map((delivery) => delivery.entry),
      linesOf(file),
    ]) {
      expect(arrivals(received)).toEqual(expect.arrayContaining(seqs));
      await expectChainOrder(api, received);
    }
    await expect
      .poll(
        async () =>
          (await status(api)).every((forwarder) => forwarder.failingSince === null && forwarder.pending === 0),
        POLL,
      )
      .toBe(true);
  });

  it('skips an entry the webhook refuses for good, and waits on an answer that says the destination is wrong', async () => {
    const hook = await webhookReceiver(SECRET);
    const { api } = await startTestController(await freshDatabaseTarget(), {
      auditForwarding: forwarding({ webhook: webhookTo(hook.url) }),
    });
    hook.state.status = 401;
    const [waiting] = await recordSome(api, 1);
    await expect.poll(async () => (await status(api))[0]?.lastError, POLL).toBe('HTTP 401 after 1 attempt(s)');
    expect((await status(api))[0]!.pending).toBeGreaterThanOrEqual(1);
    // A redirect (http to https, a login page) says the URL is wrong too: the entry still waits.
    hook.state.status = 308;
    await expect.poll(async () => (await status(api))[0]?.lastError, POLL).toBe('HTTP 308 after 1 attempt(s)');
    expect((await status(api))[0]!.pending).toBeGreaterThanOrEqual(1);
    hook.state.status = 422;
    await expect.poll(async () => (await status(api))[0]?.pending, POLL).toBe(0);
    hook.state.status = 200;
    const [after] = await recordSome(api, 1);
    await expect.poll(() => hook.deliveries.map((delivery) => delivery.entry.seq), POLL).toContain(after);
    expect(hook.deliveries.map((delivery) => delivery.entry.seq)).not.toContain(waiting);
  });

  it('sends syslog over UDP, and goes on after the receiver was away', async () => {
    const udp = await syslogUdpReceiver();
    const { api } = await startTestController(await freshDatabaseTarget(), {
      auditForwarding: forwarding({ syslog: { host: '127.0.0.1', port: udp.port, protocol: 'udp' } }),
    });
    const [first] = await recordSome(api, 1);
    await expect.poll(() => udp.messages.map((message) => message.entry.seq), POLL).toContain(first);
    expect(udp.messages[0]).toMatchObject({ priority: 109, msgId: 'config.create' });
    await udp.down();
    await recordSome(api, 2);
    await udp.up();
    const [back] = await recordSome(api, 1);
    await expect.poll(() => udp.messages.map((message) => message.entry.seq), POLL).toContain(back);
    expect((await api('/health/ready')).status).toBe(200);
  });

  it('resumes after a restart where the last controller stopped: nothing recorded meanwhile is lost', async () => {
    const hook = await webhookReceiver(SECRET);
    hook.state.status = 503;
    const target = await freshDatabaseTarget();
    const options = { auditForwarding: forwarding({ webhook: webhookTo(hook.url) }) };
    const first = await startController(
      testOptions({
        database: target,
        ownerUsername: 'restart-owner',
        ownerEmail: 'restart@example.com',
        ownerPassword: 'restart-owner-password',
        ...options,
      }),
      silentLogger,
      { webRoot: '/nonexistent' },
    );
    const firstPort = (first.listeners.api.server.address() as { port: number }).port;
    const signedIn = await fetch(`http://127.0.0.1:${firstPort}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'restart-owner', password: 'wrong password' }),
    });
    expect(signedIn.status).toBe(401);
    await expect.poll(() => hook.state.requests, POLL).toBeGreaterThan(0);
    await first.close();

    hook.state.status = 200;
    const { api } = await startTestController(target, options);
    await expect
      .poll(() => hook.deliveries.some((delivery) => delivery.entry.action === 'user.login'), POLL)
      .toBe(true);
    await expectChainOrder(
      api,
      hook.deliveries.map((delivery) => delivery.entry),
    );
  });

  it('a destination that hangs holds up no other: the file keeps up while the webhook times out', async () => {
    const hook = await webhookReceiver(SECRET);
    hook.state.hang = true;
    const file = join(temporaryDirectory(), 'audit.jsonl');
    const { api } = await startTestController(await freshDatabaseTarget(), {
      auditForwarding: forwarding({
        webhook: { ...webhookTo(hook.url), timeoutMs: 60_000 },
        file: { path: file },
      }),
    });
    const first = await recordSome(api, 1);
    await expect.poll(() => hook.state.requests, POLL).toBeGreaterThan(0);
    const later = await recordSome(api, 2);
    for (const seq of [...first, ...later]) {
      await expect.poll(() => linesOf(file).map((entry) => entry.seq), POLL).toContain(seq);
    }
    expect(hook.deliveries).toEqual([]);
  });

  it('retention keeps every entry a forwarder has still to send', async () => {
    const dir = join(temporaryDirectory(), 'later');
    const { database, services } = await createTestApp({
      options: { auditForwarding: forwarding({ file: { path: join(dir, 'audit.jsonl') } }) },
    });
    const record = (n: number) =>
      database.db.transaction().execute((trx) =>
        services.audit.record(trx, {
          action: 'config.update',
          actor: { type: 'user', id: 'u', name: 'u' },
          details: { n },
        }),
      );
    await record(0);
    await services.auditForwarding.start();
    releaseAfterTest(() => services.auditForwarding.stop());
    const placed = (await services.audit.head()).seq;
    for (let n = 1; n <= 3; n++) await record(n);
    const later = Date.now() + 400 * 24 * 3_600_000;
    // Only what came before the forwarder's place may go; the three entries it has not sent stay.
    expect(await services.audit.prune(720, later, await services.auditForwarding.sentThrough())).toBe(placed);
    const kept = (await services.audit.list({})).items.map((entry) => entry.action);
    expect(kept.filter((action) => action === 'config.update')).toHaveLength(3);

    mkdirSync(dir);
    const head = (await services.audit.head()).seq;
    await expect.poll(() => services.auditForwarding.sentThrough(), POLL).toBe(head);
    expect(await services.audit.prune(720, later, await services.auditForwarding.sentThrough())).toBeGreaterThanOrEqual(
      4,
    );
    expect(await services.audit.verify([])).toMatchObject({ ok: true });
  });
});

describe.skipIf(engine !== 'postgres')('audit forwarding in a cluster (postgres only)', () => {
  it('the next leader sends what the last one could not', async () => {
    const hook = await webhookReceiver(SECRET);
    hook.state.status = 503;
    const target = await freshDatabaseTarget();
    const ownerToken = `tc-apiv1_${randomBytes(32).toString('hex')}`;
    const node = () =>
      startTestController(target, {
        haEnabled: true,
        haPollIntervalMs: 150,
        haLeaderRetryMs: 100,
        sessionSecret: 's'.repeat(40),
        ownerToken,
        auditForwarding: forwarding({ webhook: webhookTo(hook.url) }),
      });
    const nodes = [await node(), await node()];
    const seqs = [...(await recordSome(nodes[0]!.api, 1)), ...(await recordSome(nodes[1]!.api, 1))];
    await expect.poll(() => hook.state.requests, POLL).toBeGreaterThan(0);
    const leads = async (n: (typeof nodes)[number]) => (await n.api('/health/leader')).status === 200;
    const leader = (await leads(nodes[0]!)) ? 0 : 1;
    await nodes[leader]!.controller.close();
    const survivor = nodes[1 - leader]!;
    hook.state.status = 200;
    seqs.push(...(await recordSome(survivor.api, 1)));
    await expect
      .poll(() => seqs.every((seq) => hook.deliveries.some((delivery) => delivery.entry.seq === seq)), POLL)
      .toBe(true);
    await expectChainOrder(
      survivor.api,
      hook.deliveries.map((delivery) => delivery.entry),
    );
  });
});
