/** The codes each engine gives a write that would break a unique index or a primary key. */
const UNIQUE_VIOLATION_CODES: ReadonlySet<unknown> = new Set([
  // better-sqlite3 (SqliteError.code, the extended result code)
  'SQLITE_CONSTRAINT_UNIQUE',
  'SQLITE_CONSTRAINT_PRIMARYKEY',
  // node-postgres (DatabaseError.code, the SQLSTATE): unique_violation
  '23505',
]);

/**
 * Whether a database error is a unique-index (or primary-key) violation, on either engine. A service that checks
 * "exists already" before it writes catches this from the write, for the request that lost the race, and answers
 * with the same 409 its check gives (docs/adr/0016).
 */
export function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && UNIQUE_VIOLATION_CODES.has((error as { code?: unknown }).code);
}

/**
 * Runs `write` (a statement, or a whole transaction); when a unique index refuses it, runs `recheck`, the service's
 * own "exists already" check, which now sees the row of the request that won and throws the service's 409. Any other
 * error, or a violation the check does not explain, goes on as it came. `recheck` must not use the transaction of
 * `write`: on PostgreSQL that transaction is aborted.
 */
export async function recheckOnUniqueViolation<T>(write: () => Promise<T>, recheck: () => Promise<void>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (isUniqueViolation(error)) await recheck();
    throw error;
  }
}
