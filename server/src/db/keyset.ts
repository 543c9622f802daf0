import { sql, type Expression, type SqlBool } from 'kysely';

/**
 * Keyset pagination: the rows that come after the cursor's values in the order of `columns` (qualified, camelCase
 * as in Kysely or snake_case, ending with a unique column). A row-value comparison, which both engines serve from an index on those columns.
 */
export function afterCursor(
  columns: readonly string[],
  values: readonly (string | number)[],
  descending: boolean,
): Expression<SqlBool> {
  const refs = sql.join(columns.map((column) => sql.ref(column.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`))));
  const cursor = sql.join(values.map((value) => sql`${value}`));
  return sql<SqlBool>`(${refs}) ${sql.raw(descending ? '<' : '>')} (${cursor})`;
}
