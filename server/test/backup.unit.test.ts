import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command } from './cli.js';
import { startTestController } from './test-controller.js';

describe('backup and restore', () => {
  it('round-trips a live SQLite database through a backup file into a new one, and never overwrites', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-backup-'));
    const [live, saved, restored] = [join(dir, 'live.db'), join(dir, 'saved.db'), join(dir, 'restored.db')];
    const original = await startTestController({ engine: 'sqlite', file: live });
    const created = await original.api('/api/configs', { method: 'POST', body: { name: 'kept', toml: '[agent]\n' } });
    expect(created.status).toBe(201);
    // Taken while the controller runs: an online backup.
    const backup = await command(['backup', saved, '--database', live]);
    expect(backup).toMatchObject({ code: 0, err: '' });
    expect(backup.out).toContain(`backed up ${live} to ${saved}`);
    expect(await command(['backup', saved, '--database', live])).toMatchObject({ code: 2 });
    await original.controller.close();

    expect(await command(['restore', saved, '--database', restored])).toMatchObject({ code: 0, err: '' });
    const again = await command(['restore', saved, '--database', restored]);
    expect(again.code).toBe(2);
    expect(again.err).toContain('already holds a database');
    const copy = await startTestController({ engine: 'sqlite', file: restored });
    const configs = (await (await copy.api('/api/configs')).json()) as { items: Array<{ name: string }> };
    expect(configs.items.map((config) => config.name)).toEqual(['kept']);
  });

  it('refuses what is not a backup of ours, and a command without its file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tc-backup-'));
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database at all, just text');
    const refused = await command(['restore', junk, '--database', join(dir, 'new.db')]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/is not a SQLite database|is not a telegraf-controller database/);
    expect(existsSync(join(dir, 'new.db'))).toBe(false);
    const missing = await command(['backup']);
    expect(missing).toMatchObject({ code: 2 });
    expect(missing.err).toContain('backup needs a file');
  });

  it('names the pg_dump and pg_restore commands on PostgreSQL, without the password', async () => {
    const url = 'postgres://fleet:s3cret@db.example:5432/telegraf';
    const backup = await command(['backup', '/var/backups/tc.dump', '--database', url]);
    expect(backup.code).toBe(0);
    expect(backup.out).toContain(
      `pg_dump --format=custom --file='/var/backups/tc.dump' 'postgres://fleet@db.example:5432/telegraf'`,
    );
    expect(backup.out).not.toContain('s3cret');
    const restore = await command(['restore', '/var/backups/tc.dump', '--database', url]);
    expect(restore.out).toContain('pg_restore --no-owner');
    expect(restore.out).toContain('PGPASSWORD');
  });
});
