import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS } from '@telegraf-controller/contract/permissions';
import { engine, freshDatabase, releaseAfterTest } from '../../../test/harness.js';
import { createUser } from '../../../test/factories.js';
import { sha256Hex } from '../../lib/crypto.js';
import { provisionBootstrapToken } from './bootstrap-token.js';

const FIRST = `tc-apiv1_${'1'.repeat(64)}`;
const SECOND = `tc-apiv1_${'2'.repeat(64)}`;

async function setup(withOwner = true) {
  const database = await freshDatabase();
  releaseAfterTest(() => database.close());
  const owner = withOwner ? await createUser(database, 'owner') : undefined;
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const provision = (value: string | undefined) => provisionBootstrapToken(database.db, value, logger);
  const tokens = () => database.db.selectFrom('apiTokens').selectAll().orderBy('createdAt').orderBy('id').execute();
  return { database, owner, provision, tokens, lines };
}

describe(`the OWNER_TOKEN bootstrap token on ${engine}`, () => {
  it('is provisioned for the owner: full access, no expiry, source bootstrap, named bootstrap-token', async () => {
    const { owner, provision, tokens } = await setup();
    await provision(FIRST);
    const [token] = await tokens();
    expect(token).toMatchObject({
      name: 'bootstrap-token',
      userId: owner!.id,
      source: 'bootstrap',
      expiresAt: null,
      revokedAt: null,
      tokenHash: sha256Hex(FIRST),
      last4: '1111',
    });
    expect(JSON.parse(token!.permissions)).toEqual(PERMISSIONS);
  });

  it('the same value at the next start changes nothing', async () => {
    const { provision, tokens } = await setup();
    await provision(FIRST);
    const before = await tokens();
    await provision(FIRST);
    expect(await tokens()).toEqual(before);
  });

  it('a changed value provisions the new token, then revokes the previous one', async () => {
    const { provision, tokens } = await setup();
    await provision(FIRST);
    await provision(SECOND);
    const [first, second] = await tokens();
    expect(first).toMatchObject({ tokenHash: sha256Hex(FIRST), revokedAt: expect.any(String) });
    expect(second).toMatchObject({ tokenHash: sha256Hex(SECOND), revokedAt: null, name: 'bootstrap-token-1' });
  });

  it('a removed variable changes nothing; a revoked token stays revoked; a deleted one comes back', async () => {
    const { database, provision, tokens } = await setup();
    await provision(FIRST);
    await provision(undefined);
    expect(await tokens()).toHaveLength(1);
    await database.db.updateTable('apiTokens').set({ revokedAt: new Date().toISOString() }).execute();
    await provision(FIRST);
    expect((await tokens())[0]!.revokedAt).not.toBeNull();
    await database.db.deleteFrom('apiTokens').execute();
    await provision(FIRST);
    expect(await tokens()).toEqual([expect.objectContaining({ tokenHash: sha256Hex(FIRST), revokedAt: null })]);
  });

  it('a value that belongs to another token is left alone with a warning', async () => {
    const { database, owner, provision, tokens, lines } = await setup();
    await database.db
      .insertInto('apiTokens')
      .values({
        id: 'user-token',
        name: 'mine',
        nameKey: 'mine',
        tokenHash: sha256Hex(FIRST),
        last4: '1111',
        userId: owner!.id,
        permissions: '["configs:read"]',
        source: 'user',
        createdBy: owner!.id,
        createdAt: new Date().toISOString(),
        expiresAt: null,
        revokedAt: null,
        revokedBy: null,
        lastUsedAt: null,
        lastUsedFrom: null,
        parentTokenId: null,
      })
      .execute();
    await provision(FIRST);
    expect(await tokens()).toEqual([expect.objectContaining({ id: 'user-token', permissions: '["configs:read"]' })]);
    expect(lines.join('')).toMatch(/equals an existing non-bootstrap token/);
  });

  it('a malformed value, or no owner yet, is skipped with a warning', async () => {
    const bad = await setup();
    await bad.provision('tc-apiv1_short');
    expect(await bad.tokens()).toEqual([]);
    expect(bad.lines.join('')).toMatch(/OWNER_TOKEN is not tc-apiv1_/);
    const early = await setup(false);
    await early.provision(FIRST);
    expect(await early.tokens()).toEqual([]);
    expect(early.lines.join('')).toMatch(/no owner exists yet/);
  });
});
