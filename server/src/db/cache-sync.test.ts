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
import { startCacheSync, type SyncedCache } from './cache-sync.js';

const logger = pino({ level: 'silent' });
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

/** Starts the sync of each controller's caches and waits until both listen. */
async function sync(
  first: Awaited<ReturnType<typeof twoHandles>>['first'],
  second: Awaited<ReturnType<typeof twoHandles>>['second'],
  cachesA: Record<string, SyncedCache>,
  cachesB: Record<string, SyncedCache>,
) {
  const syncA = startCacheSync(first, cachesA, logger);
  const syncB = startCacheSync(second, cachesB, logger);
  releaseAfterTest(async () => {
    await syncA.stop();
    await syncB.stop();
  });
  await Promise.all([syncA.ready, syncB.ready]);
}

describe(`in-memory caches across controllers on ${engine}`, () => {
  it('a token change on one controller clears the token cache of every controller on the same database', async () => {
    const { first, second } = await twoHandles();
    const owner = await createUser(first, 'owner');
    await first.db
      .insertInto('apiTokens')
      .values({
        id: 't1',
        name: 'shared',
        nameKey: 'shared',
        tokenHash: sha256Hex(VALUE),
        last4: '5555',
        userId: owner.id,
        permissions: '["configs:read"]',
        source: 'user',
        createdBy: owner.id,
        createdAt: new Date().toISOString(),
        expiresAt: null,
        revokedAt: null,
        revokedBy: null,
        lastUsedAt: null,
        lastUsedFrom: null,
        parentTokenId: null,
      })
      .execute();

    const cacheA = createTokenCache(first.db);
    const cacheB = createTokenCache(second.db);
    await sync(first, second, { tc_token_changes: cacheA }, { tc_token_changes: cacheB });

    expect((await cacheB.lookup(sha256Hex(VALUE)))?.token.revokedAt).toBeNull();
    expect(cacheB.size()).toBe(1);
    await revokeTokenRow(first.db, 't1', owner.id, new Date().toISOString());
    cacheA.invalidate();
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
      { tc_token_changes: tokensA, tc_render_changes: renderA },
      { tc_token_changes: tokensB, tc_render_changes: renderB },
    );
    const served = {
      body: Buffer.from('[agent]\n'),
      etag: '"e"',
      lastModified: 'Sat, 28 Nov 2026 12:00:00 GMT',
      filename: 'c1.toml',
      parameters: new Set<string>(),
      kind: 'config' as const,
      configVersion: null,
    };
    renderB.set('/api/configs/c1/toml', served, renderB.generation());
    const generation = renderB.generation();
    renderA.clear();
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
    await sync(first, second, { tc_agent_deletions: bufferA }, { tc_agent_deletions: bufferB });
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
