import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { engine, freshDatabase, releaseAfterTest } from '../../test/harness.js';
import { ensureDefaultRule } from '../modules/reporting-rules/reporting-rules.service.js';
import { DatabaseTooNewError, MIGRATIONS, migrateToLatest } from './migrate.js';

async function database() {
  const handle = await freshDatabase();
  releaseAfterTest(() => handle.close());
  return handle;
}

describe(`migrations on ${engine}`, () => {
  it('records every migration and has nothing left to apply on a migrated database', async () => {
    const { db } = await database();
    const applied = await sql<{ name: string }>`select name from schema_migration order by name`.execute(db);
    expect(applied.rows.map((row) => row.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await migrateToLatest(db, engine)).toEqual([]);
  });

  it('refuses a database migrated by a newer controller', async () => {
    const { db } = await database();
    await sql`insert into schema_migration (name, timestamp) values ('9999-from-the-future', '2030-01-01')`.execute(db);
    const attempt = migrateToLatest(db, engine);
    await expect(attempt).rejects.toBeInstanceOf(DatabaseTooNewError);
    await expect(attempt).rejects.toThrow(/newer version of telegraf-controller.*9999-from-the-future/);
  });

  it('creates exactly one default reporting rule on first start, and no second one later', async () => {
    const { db } = await database();
    await ensureDefaultRule(db);
    await ensureDefaultRule(db);
    const rules = await db.selectFrom('reportingRules').selectAll().execute();
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({ isDefault: 1, notReportingAfterSeconds: 180, autoDelete: 0 });
    expect(rules[0]!.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('lets the database itself refuse a second default rule', async () => {
    const { db } = await database();
    await ensureDefaultRule(db);
    const now = new Date().toISOString();
    const second = db
      .insertInto('reportingRules')
      .values({
        id: 'second',
        description: 'second',
        notReportingAfterSeconds: 60,
        autoDelete: 0,
        autoDeleteAfterSeconds: null,
        isDefault: 1,
        silentAfterBeats: 3,
        degradingAfterBeats: 3,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    await expect(second).rejects.toThrow(/unique/i);
  });
});
