import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createAuditLog } from '../src/modules/audit/audit.service.js';
import { command } from './cli.js';
import { engine, freshDatabaseTarget, silentLogger } from './harness.js';
import { startTestController } from './test-controller.js';

describe(`telegraf-controller audit verify on ${engine}`, () => {
  it('verifies the chain of the database it is given, checks published heads, and exits 1 on a broken link', async () => {
    const target = await freshDatabaseTarget();
    const { controller } = await startTestController(target);
    const db = controller.database.db;
    const audit = createAuditLog(db, { enabled: true, logger: silentLogger });
    for (const n of [1, 2, 3]) {
      await db
        .transaction()
        .execute((trx) =>
          audit.record(trx, { action: 'config.create', actor: { type: 'user', id: `u${n}`, name: `u${n}` } }),
        );
    }
    const head = await audit.head();
    const where = target.engine === 'sqlite' ? target.file : target.url;
    const good = await command(['audit', 'verify', '--database', where, '--head', `${head.seq}:${head.hash}`]);
    expect(good.code).toBe(0);
    expect(good.out).toMatch(
      /^audit chain verified: \d+ entries from 1, head \d+:[0-9a-f]{64}, 1 of 1 published heads matched\n$/,
    );
    const wrong = await command(['audit', 'verify', '--database', where, `--head=${head.seq}:${'0'.repeat(64)}`]);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain(`audit chain broken at ${head.seq}: differs from the head published for it`);
    const malformed = await command(['audit', 'verify', '--database', where, '--head', 'three:abc']);
    expect(malformed.code).toBe(2);
    expect(malformed.err).toContain('--head must be SEQ:HASH');

    if (engine === 'postgres') {
      await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
    } else {
      await sql`drop trigger audit_log_no_update`.execute(db);
    }
    await sql`update audit_log set action = 'config.delete' where seq = 2`.execute(db);
    const broken = await command(['audit', 'verify', '--database', where]);
    expect(broken.code).toBe(1);
    expect(broken.err).toContain('audit chain broken at 2: its content does not give its hash');
  });
});
