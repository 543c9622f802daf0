import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { freshDatabase, engine, releaseAfterTest } from '../../test/harness.js';
import { newId } from '../lib/ids.js';
import { isUniqueViolation, recheckOnUniqueViolation } from './unique-violation.js';

/** The error a write throws, from the real driver. */
async function errorOf(write: () => Promise<unknown> | unknown): Promise<unknown> {
  try {
    await write();
  } catch (error) {
    return error;
  }
  throw new Error('the write went through');
}

async function database() {
  const handle = await freshDatabase();
  releaseAfterTest(() => handle.close());
  return handle.db;
}

const label = (name: string) => {
  const now = new Date().toISOString();
  return { id: newId(), name, nameKey: name, color: null, description: null, createdAt: now, updatedAt: now };
};

describe(`isUniqueViolation on ${engine}`, () => {
  it('is true for a second row under a unique index and for a second primary key', async () => {
    const db = await database();
    await db.insertInto('labels').values(label('edge')).execute();
    expect(isUniqueViolation(await errorOf(() => db.insertInto('labels').values(label('edge')).execute()))).toBe(true);
    const now = new Date().toISOString();
    const constant = { name: 'REGION', value: 'eu', description: null, createdAt: now, updatedAt: now };
    await db.insertInto('constants').values(constant).execute();
    expect(isUniqueViolation(await errorOf(() => db.insertInto('constants').values(constant).execute()))).toBe(true);
  });

  it('is false for other constraint errors, other errors and things that are not errors', async () => {
    const db = await database();
    const notNull = await errorOf(() =>
      db
        .insertInto('labels')
        .values({ ...label('x'), name: null as unknown as string })
        .execute(),
    );
    expect(isUniqueViolation(notNull)).toBe(false);
    const missingTable = await errorOf(() =>
      db
        .selectFrom('no_such_table' as 'labels')
        .selectAll()
        .execute(),
    );
    expect(isUniqueViolation(missingTable)).toBe(false);
    for (const value of [new Error('23505'), { code: 23505 }, '23505', null, undefined]) {
      expect(isUniqueViolation(value)).toBe(false);
    }
  });

  it('recheckOnUniqueViolation throws what the recheck throws, and passes on anything else unchanged', async () => {
    const db = await database();
    await db.insertInto('labels').values(label('taken')).execute();
    const duplicate = () => db.insertInto('labels').values(label('taken')).execute();
    const conflict = new Error('the check’s 409');
    await expect(recheckOnUniqueViolation(duplicate, async () => Promise.reject(conflict))).rejects.toBe(conflict);
    const original = await recheckOnUniqueViolation(duplicate, async () => undefined).catch((error) => error);
    expect(isUniqueViolation(original)).toBe(true);
    let rechecked = false;
    const other = new Error('not a violation');
    const failing = async () => Promise.reject(other);
    await expect(recheckOnUniqueViolation(failing, async () => void (rechecked = true))).rejects.toBe(other);
    expect(rechecked).toBe(false);
    expect(
      await recheckOnUniqueViolation(
        async () => 'written',
        async () => undefined,
      ),
    ).toBe('written');
  });
});

describe('isUniqueViolation on better-sqlite3 itself', () => {
  it('knows the extended result codes for a unique index and a primary key, and no others', () => {
    const raw = new SQLite(':memory:');
    releaseAfterTest(async () => void raw.close());
    raw.exec('create table t (id text primary key, name text not null unique)');
    raw.prepare('insert into t values (?, ?)').run('1', 'a');
    const insert = (id: string, name: string | null) => () => raw.prepare('insert into t values (?, ?)').run(id, name);
    const errors = [insert('2', 'a'), insert('1', 'b'), insert('3', null)].map((write) => {
      try {
        write();
      } catch (error) {
        return error as { code: string };
      }
      throw new Error('the write went through');
    });
    expect(errors.map((error) => error.code)).toEqual([
      'SQLITE_CONSTRAINT_UNIQUE',
      'SQLITE_CONSTRAINT_PRIMARYKEY',
      'SQLITE_CONSTRAINT_NOTNULL',
    ]);
    expect(errors.map(isUniqueViolation)).toEqual([true, true, false]);
  });
});
