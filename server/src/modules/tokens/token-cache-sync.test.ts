import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { openPostgres } from '../../db/connect.js';
import { sha256Hex } from '../../lib/crypto.js';
import { engine, freshDatabase, releaseAfterTest } from '../../../test/harness.js';
import { createUser } from '../../../test/factories.js';
import { createTokenCache } from './token-cache.js';
import { startTokenCacheSync } from './token-cache-sync.js';
import { revokeTokenRow } from './tokens.repo.js';

const logger = pino({ level: 'silent' });
const VALUE = `tc-apiv1_${'5'.repeat(64)}`;

describe(`the token cache across controllers on ${engine}`, () => {
  it('a change on one controller clears the cache of every controller on the same database', async () => {
    const first = await freshDatabase();
    releaseAfterTest(() => first.close());
    const second =
      engine === 'postgres'
        ? await openPostgres(String(first.pgConfig!.connectionString), { caCert: undefined, noVerify: false })
        : first;
    if (second !== first) releaseAfterTest(() => second.close());
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
      })
      .execute();

    const cacheA = createTokenCache(first.db);
    const cacheB = createTokenCache(second.db);
    const syncA = startTokenCacheSync(first, cacheA, logger);
    const syncB = startTokenCacheSync(second, cacheB, logger);
    releaseAfterTest(async () => {
      await syncA.stop();
      await syncB.stop();
    });
    await Promise.all([syncA.ready, syncB.ready]);

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
});
