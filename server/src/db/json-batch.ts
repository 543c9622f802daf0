import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Engine } from './connect.js';

export type ColumnKind = 'text' | 'bigint' | 'integer' | 'timestamptz';

/**
 * A batch goes to the database as one JSON parameter per statement, read back with the engine's JSON functions:
 * one statement per table per flush on both engines, with no limit on the number of rows. Each row travels as an
 * array of the named `columns`, read by position: SQLite reads an array element faster than an object member.
 * `field(name)` is the value of one column in the current row, cast to `kind` on PostgreSQL.
 */
export function batchOf<T extends object, C extends keyof T & string>(
  engine: Engine,
  rows: readonly T[],
  columns: readonly C[],
) {
  const json = JSON.stringify(rows.map((r) => columns.map((column) => r[column])));
  const from = engine === 'postgres' ? sql`json_array_elements(${json}::json) as r` : sql`json_each(${json}) as r`;
  const row = sql.raw(engine === 'postgres' ? 'r' : 'r.value');
  const field = (name: C, kind: ColumnKind = 'text') => {
    const value = sql`(${row} ->> ${sql.lit(columns.indexOf(name))})`;
    return engine === 'sqlite' ? value : sql`${value}::${sql.raw(kind)}`;
  };
  return { from, field };
}

/**
 * Whether `value` is one of `values`, all sent as one parameter: an array on PostgreSQL (whose planner then sees
 * the values, and may walk an index and test each row), JSON on SQLite.
 */
export function oneOf(engine: Engine, value: RawBuilder<unknown>, values: readonly string[]): RawBuilder<SqlBool> {
  return engine === 'postgres'
    ? sql<SqlBool>`${value} = any(${values}::text[])`
    : sql<SqlBool>`${value} in (select value from json_each(${JSON.stringify(values)}))`;
}

/** Whole milliseconds from `earlier` to `later` (two timestamps), as a bigint. */
export function millisecondsBetween(engine: Engine, later: RawBuilder<unknown>, earlier: RawBuilder<unknown>) {
  return engine === 'postgres'
    ? sql`round(extract(epoch from (${later} - ${earlier})) * 1000)::bigint`
    : sql`cast(round((julianday(${later}) - julianday(${earlier})) * 86400000) as integer)`;
}
