import { describe, expect, it } from 'vitest';
import type { Insertable } from 'kysely';
import { connectDatabase } from '../connect.js';
import type { ConfigsTable } from '../schema.js';
import { MIGRATIONS, migrateToLatest } from '../migrate.js';
import { engine, freshDatabaseTarget, releaseAfterTest } from '../../../test/harness.js';

describe(`migration 0010 on ${engine}`, () => {
  it('mends names stored before they had to stand on one line, without breaking uniqueness', async () => {
    const handle = await connectDatabase(await freshDatabaseTarget(), { caCert: undefined, noVerify: false });
    releaseAfterTest(() => handle.close());
    const before = MIGRATIONS.findIndex((m) => m.name === '0010-single-line-names');
    await migrateToLatest(handle.db, engine, MIGRATIONS.slice(0, before));
    const now = new Date().toISOString();
    const config = (id: string, name: string, description: string | null = null) => ({
      id,
      name,
      nameKey: name.toLowerCase(),
      description,
      toml: '',
      version: 1,
      createdAt: now,
      updatedAt: now,
      updatedBy: null,
    });
    // Rows as the schema before migration 0010 holds them (the columns later migrations add do not exist yet).
    const stored = [
      config('c1', 'edge\nagents', 'line one\nline two\u0001'),
      config('c2', 'edge agents'),
      config('c3', 'Cafe\u0301\u2028'),
      config('c4', 'plain'),
    ];
    await handle.db
      .insertInto('configs')
      .values(stored as unknown as Insertable<ConfigsTable>[])
      .execute();
    await handle.db
      .insertInto('labels')
      .values({
        id: 'l1',
        name: '\u0007',
        nameKey: '\u0007',
        color: null,
        description: null,
        createdAt: now,
        updatedAt: now,
      })
      .execute();
    await migrateToLatest(handle.db, engine);
    const configs = await handle.db
      .selectFrom('configs')
      .select(['id', 'name', 'nameKey', 'description'])
      .orderBy('id')
      .execute();
    expect(configs).toEqual([
      { id: 'c1', name: 'edge agents (2)', nameKey: 'edge agents (2)', description: 'line one\nline two ' },
      { id: 'c2', name: 'edge agents', nameKey: 'edge agents', description: null },
      { id: 'c3', name: 'Café', nameKey: 'café', description: null },
      { id: 'c4', name: 'plain', nameKey: 'plain', description: null },
    ]);
    const label = await handle.db.selectFrom('labels').select(['name', 'nameKey']).executeTakeFirstOrThrow();
    expect(label).toEqual({ name: 'unnamed', nameKey: 'unnamed' });
  });
});
