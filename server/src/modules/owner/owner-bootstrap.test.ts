import { PassThrough } from 'node:stream';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { engine, freshDatabase, releaseAfterTest, testOptions } from '../../../test/harness.js';
import { createUser } from '../../../test/factories.js';
import { verifyPassword } from '../../lib/passwords.js';
import { OptionError, type Options } from '../../options.js';
import { createSettingsService, seedSettings } from '../settings/settings.service.js';
import { bootstrapOwner } from './owner-bootstrap.js';
import { promptForOwner } from './owner-prompt.js';

async function setup(overrides: Partial<Options> = {}) {
  const database = await freshDatabase();
  releaseAfterTest(() => database.close());
  const options = testOptions(overrides);
  await seedSettings(database.db, options);
  const lines: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
  const run = (more: Partial<Options> = {}, prompt?: Parameters<typeof bootstrapOwner>[0]['prompt']) =>
    bootstrapOwner({
      db: database.db,
      options: { ...options, ...more },
      logger,
      settings: createSettingsService(database.db),
      prompt,
    });
  const owner = () => database.db.selectFrom('users').selectAll().where('role', '=', 'owner').executeTakeFirst();
  return { database, run, owner, lines };
}

const FROM_ENV = { ownerUsername: 'env-owner', ownerEmail: 'env@example.test', ownerPassword: 'from the environment' };

describe(`owner bootstrap on ${engine}`, () => {
  it('creates the owner from the start-up options, and ignores them once an owner exists', async () => {
    const { run, owner } = await setup(FROM_ENV);
    await run();
    const created = await owner();
    expect(created).toMatchObject({ username: 'env-owner', email: 'env@example.test' });
    expect(await verifyPassword(created!.passwordHash!, 'from the environment')).toBe(true);
    await run({ ownerUsername: 'someone-else', ownerEmail: 'else@example.test', ownerPassword: 'another password' });
    expect((await owner())!.id).toBe(created!.id);
  });

  it('promotes an administrator who has the given username', async () => {
    const { database, run, owner } = await setup();
    const admin = await createUser(database, 'administrator', { username: 'env-owner' });
    await run(FROM_ENV);
    expect((await owner())!.id).toBe(admin.id);
  });

  it('stops start-up when only some owner options are set, or the password is too weak', async () => {
    const { run, owner } = await setup();
    await expect(run({ ownerUsername: 'half-set' })).rejects.toThrow(OptionError);
    await expect(run({ ...FROM_ENV, ownerPassword: 'weak' })).rejects.toThrow(
      /the password needs at least 8 characters/,
    );
    expect(await owner()).toBeUndefined();
  });

  it("RESET_OWNER_PASSWORD sets the owner's password, unlocks, removes the second factor, signs out, and warns to remove it", async () => {
    const { database, run, owner, lines } = await setup();
    const existing = await createUser(database, 'owner', { lockedUntil: new Date(Date.now() + 60_000).toISOString() });
    const now = new Date().toISOString();
    await database.db
      .insertInto('secondFactors')
      .values({
        userId: existing.id,
        seed: 'sealed',
        pendingSeed: null,
        lastStep: 1,
        recoveryCodes: 'sealed',
        enrolledAt: now,
        updatedAt: now,
      })
      .execute();
    await run({ resetOwnerPassword: true, ownerPassword: 'the recovery password' });
    expect(await database.db.selectFrom('secondFactors').selectAll().execute()).toEqual([]);
    const after = await owner();
    expect(after!.id).toBe(existing.id);
    expect(after!.lockedUntil).toBeNull();
    expect(await verifyPassword(after!.passwordHash!, 'the recovery password')).toBe(true);
    expect(lines.join('')).toMatch(/remove RESET_OWNER_PASSWORD and OWNER_PASSWORD/);
  });

  it('asks on a terminal, re-asking a refused answer, without echoing the password', async () => {
    const { run, owner } = await setup();
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (chunk) => (shown += chunk));
    input.write('ab\nprompted-owner\nprompted@example.test\nshort\nshort\nlong enough now\nlong enough now\n');
    await run({}, (check) => promptForOwner(input, output, check));
    expect(await owner()).toMatchObject({ username: 'prompted-owner', email: 'prompted@example.test' });
    expect(shown).toMatch(/the username needs 3 to 50/);
    expect(shown).toMatch(/the password needs at least 8 characters/);
    expect(shown).not.toContain('long enough now');
  });

  it('without options or a terminal, leaves the owner to the setup page', async () => {
    const { run, owner, lines } = await setup();
    await run();
    expect(await owner()).toBeUndefined();
    expect(lines.join('')).toMatch(/setup page/);
  });
});
