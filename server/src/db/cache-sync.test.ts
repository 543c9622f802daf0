import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { openPostgres } from './connect.js';
import { sha256Hex } from '../lib/crypto.js';
import { engine, freshDatabase, releaseAfterTest } from '../../test/harness.js';
import { createUser } from '../../test/factories.js';
import { createRenderCache } from '../modules/configs/render-cache.js';
import { createHeartbeatsService } from '../modules/heartbeats/heartbeats.service.js';
import { parseHeartbeat } from '../modules/heartbeats/heartbeat-message.js';
import { ensureDefaultRule } from '../modules/reporting-rules/reporting-rules.service.js';
import { createTokenCache } from '../modules/tokens/token-cache.js';
import { revokeTokenRow } from '../modules/tokens/tokens.repo.js';
import { startCacheSync, type SyncedCaches } from './cache-sync.js';
import { startTcpProxy } from '../../test/tcp-proxy.js';

const logger = pino({ level: 'silent' });
const now = () => new Date().toISOString();
const VALUE = `tc-apiv1_${'5'.repeat(64)}`;

/** Two controllers' handles on one database (on SQLite, the one process's handle twice). */
async function twoHandles() {
  const first = await freshDatabase();
  releaseAfterTest(() => first.close());
  const second =
    engine === 'postgres'
      ? await openPostgres(String(first.pgConfig!.connectionString), { caCert: undefined, noVerify: false })
      : first;
  if (second !== first) releaseAfterTest(() => second.close());
  return { first, second };
}

/** A token whose value is `VALUE`, of the user `userId`. */
async function insertToken(handle: Awaited<ReturnType<typeof twoHandles>>['first'], userId: string) {
  await handle.db
    .insertInto('apiTokens')
    .values({
      id: 't1',
      name: 'shared',
      nameKey: 'shared',
      tokenHash: sha256Hex(VALUE),
      last4: '5555',
      userId,
      permissions: '["configs:read"]',
      source: 'user',
      createdBy: userId,
      createdAt: new Date().toISOString(),
      expiresAt: null,
      revokedAt: null,
      revokedBy: null,
      lastUsedAt: null,
      lastUsedFrom: null,
      parentTokenId: null,
    })
    .execute();
}

/** Starts the sync of each controller's caches and waits until both listen. */
async function sync(
  first: Awaited<ReturnType<typeof twoHandles>>['first'],
  second: Awaited<ReturnType<typeof twoHandles>>['second'],
  cachesA: SyncedCaches,
  cachesB: SyncedCaches,
) {
  const syncA = startCacheSync(first, cachesA, logger);
  const syncB = startCacheSync(second, cachesB, logger);
  releaseAfterTest(async () => {
    await syncA.stop();
    await syncB.stop();
  });
  await Promise.all([syncA.ready, syncB.ready]);
  return { syncA, syncB };
}

describe(`in-memory caches across controllers on ${engine}`, () => {
  it('a token change on one controller clears the token cache of every controller on the same database', async () => {
    const { first, second } = await twoHandles();
    const owner = await createUser(first, 'owner');
    await insertToken(first, owner.id);

    const cacheA = createTokenCache(first.db);
    const cacheB = createTokenCache(second.db);
    await sync(first, second, { tc_token_changes: cacheA.invalidate }, { tc_token_changes: cacheB.invalidate });

    expect((await cacheB.lookup(sha256Hex(VALUE)))?.token.revokedAt).toBeNull();
    expect(cacheB.size()).toBe(1);
    // Only the row changes: the database itself announces it (a node that died right after its commit says nothing).
    await revokeTokenRow(first.db, 't1', owner.id, new Date().toISOString());
    if (engine === 'postgres') {
      await expect.poll(() => cacheB.size()).toBe(0);
      expect((await cacheB.lookup(sha256Hex(VALUE)))?.token.revokedAt).not.toBeNull();
    } else {
      // One process, one database: there is no other controller to tell, and the sync does nothing.
      expect(cacheB.size()).toBe(1);
    }
  });

  it('a configuration change on one controller clears rendered TOML on every controller', async () => {
    const { first, second } = await twoHandles();
    const [renderA, renderB] = [createRenderCache(), createRenderCache()];
    const [tokensA, tokensB] = [createTokenCache(first.db), createTokenCache(second.db)];
    await sync(
      first,
      second,
      { tc_token_changes: tokensA.invalidate, tc_render_changes: renderA.clear },
      { tc_token_changes: tokensB.invalidate, tc_render_changes: renderB.clear },
    );
    const served = {
      body: Buffer.from('[agent]\n'),
      etag: '"e"',
      lastModified: 'Sat, 28 Nov 2026 12:00:00 GMT',
      filename: 'c1.toml',
      parameters: new Set<string>(),
      kind: 'config' as const,
      configVersion: null,
      fetch: { identity: null, versions: [], groupId: null },
    };
    renderB.set('/api/configs/c1/toml', served, renderB.generation());
    const generation = renderB.generation();
    await first.db
      .insertInto('constants')
      .values({ name: 'region', value: 'eu', description: null, createdAt: now(), updatedAt: now() })
      .execute();
    if (engine === 'postgres') {
      await expect.poll(() => renderB.get('/api/configs/c1/toml')).toBeUndefined();
      // A render that began before the change elsewhere is not kept either.
      renderB.set('/api/configs/c1/toml', served, generation);
      expect(renderB.get('/api/configs/c1/toml')).toBeUndefined();
    } else {
      expect(renderB.get('/api/configs/c1/toml')).toBe(served);
    }
  });

  it('an agent deleted through one controller gets its config links back from its next heartbeat on another', async () => {
    const { first, second } = await twoHandles();
    await ensureDefaultRule(first.db);
    // On SQLite there is one process: the one buffer both deletes and takes the next heartbeat.
    const bufferB = createHeartbeatsService(second, logger, {});
    const bufferA = engine === 'postgres' ? createHeartbeatsService(first, logger, {}) : bufferB;
    releaseAfterTest(async () => {
      await bufferA.stop();
      await bufferB.stop();
    });
    await sync(first, second, { tc_agent_deletions: bufferA.forgetAll }, { tc_agent_deletions: bufferB.forgetAll });
    const message = parseHeartbeat({ id: 'x', version: 'Telegraf 1.37.0', configurations: ['/etc/telegraf.conf'] });
    const links = async () =>
      (await second.db.selectFrom('agentConfigs').select('source').where('agentId', '=', 'x').execute()).length;
    bufferB.accept(message, '10.0.0.1');
    await bufferB.flush();
    expect(await links()).toBe(1);

    await first.db.deleteFrom('agents').where('id', '=', 'x').execute();
    bufferA.forget(['x']);
    // Until the notice arrives, B may still skip the unchanged links; once it has, the next heartbeat writes them.
    await expect
      .poll(async () => {
        bufferB.accept(message, '10.0.0.1');
        await bufferB.flush();
        return links();
      })
      .toBe(1);
  });
});

describe.skipIf(engine !== 'postgres')('cache versions in the writing transaction (postgres only)', () => {
  const version = async (db: Awaited<ReturnType<typeof twoHandles>>['first']['db'], channel: string) =>
    Number(
      (await db.selectFrom('cacheVersions').select('version').where('channel', '=', channel).executeTakeFirst())
        ?.version ?? 0,
    );

  it('a change that rolls back, or a statement that changes no row, announces nothing', async () => {
    const { first } = await twoHandles();
    await ensureDefaultRule(first.db);
    const owner = await createUser(first, 'owner');
    await first.db.updateTable('users').set({ role: 'administrator' }).where('id', '=', owner.id).execute();
    const before = await version(first.db, 'tc_token_changes');
    expect(before).toBeGreaterThan(0);
    await expect(
      first.db.transaction().execute(async (trx) => {
        await trx.updateTable('users').set({ role: 'viewer' }).where('id', '=', owner.id).execute();
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    expect(await version(first.db, 'tc_token_changes')).toBe(before);
    // A status pass deletes expired agents at every pass, mostly none: that is no change.
    const deletions = await version(first.db, 'tc_agent_deletions');
    await first.db.deleteFrom('agents').where('id', '=', 'nobody').execute();
    expect(await version(first.db, 'tc_agent_deletions')).toBe(deletions);
    // A token's use is written to it, and changes nothing a cache holds.
    await first.db.updateTable('users').set({ failedLoginCount: 2 }).where('id', '=', owner.id).execute();
    expect(await version(first.db, 'tc_token_changes')).toBe(before);
  });

  it('a notice lost on a LISTEN connection that stays open reaches the node by the poll', async () => {
    const { first, second } = await twoHandles();
    const owner = await createUser(first, 'owner');
    const url = new URL(String(second.pgConfig!.connectionString));
    const proxy = await startTcpProxy(Number(url.port || 5432), url.hostname);
    url.host = `127.0.0.1:${proxy.port}`;
    // B listens through the proxy; its queries (and its polls) go straight to the database.
    const listensThroughProxy = { ...second, pgConfig: { ...second.pgConfig, connectionString: url.toString() } };
    const [cacheA, cacheB] = [createTokenCache(first.db), createTokenCache(second.db)];
    await insertToken(first, owner.id);
    const syncA = startCacheSync(first, { tc_token_changes: cacheA.invalidate }, logger);
    const syncB = startCacheSync(listensThroughProxy, { tc_token_changes: cacheB.invalidate }, logger, {
      pollIntervalMs: 100,
      node: 'node-b',
    });
    releaseAfterTest(async () => {
      await syncA.stop();
      await syncB.stop();
    });
    // Ready: B listens, and its first poll has learnt where each channel stands.
    await Promise.all([syncA.ready, syncB.ready]);

    // A change while B hears: the notice clears it, and the poll finds nothing it missed.
    await cacheB.lookup(sha256Hex(VALUE));
    await first.db.updateTable('apiTokens').set({ name: 'renamed' }).where('id', '=', 't1').execute();
    await expect.poll(() => cacheB.size()).toBe(0);
    await expect.poll(() => syncB.clears().tc_token_changes!.notice).toBe(1);
    // A poll may have seen the version before the notice came; either way, what it counted so far stays put.
    const polledBefore = syncB.clears().tc_token_changes!.poll;

    expect(proxy.silence('node-b listener')).toBe(1);
    expect((await cacheB.lookup(sha256Hex(VALUE)))?.token.revokedAt).toBeNull();
    await revokeTokenRow(first.db, 't1', owner.id, new Date().toISOString());
    await expect.poll(() => cacheB.size(), { timeout: 5_000 }).toBe(0);
    expect((await cacheB.lookup(sha256Hex(VALUE)))?.token.revokedAt).not.toBeNull();
    expect(syncB.clears().tc_token_changes).toEqual({ notice: 1, poll: polledBefore + 1 });
  });
});
