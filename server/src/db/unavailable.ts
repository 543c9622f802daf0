/**
 * Whether an error means the database cannot be reached, did not answer in time or cannot take writes now, rather
 * than that it refused the statement for what it says: connection refused, reset or timed out, the pool's connect
 * timeout, the client's query timeout, PostgreSQL shutting down, cancelling a statement at `statement_timeout`,
 * out of disk or read-only, SQLite busy, out of disk or failing to read or write its file. Such a request is
 * answered 503 `not_ready` (try again shortly), never 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') {
    if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code)) return true;
    // Class 08 connection exceptions; 57P01–57P03 shutdown and cannot-connect-now; 57014 statement timeout; class 53
    // out of disk, memory or connections; 58030 I/O error; 25006 a read-only database (a standby after failover).
    if (/^(08|53)/.test(code) || /^57P0[1-3]$/.test(code) || ['57014', '58030', '25006'].includes(code)) return true;
    // SQLite busy past its timeout, the disk full or failing, the file unreadable: writes resume when that passes.
    if (/^SQLITE_(BUSY|LOCKED|FULL|IOERR|CANTOPEN|READONLY|CORRUPT|NOTADB|NOMEM|WRITER_STOPPED)/.test(code))
      return true;
  }
  return (
    typeof message === 'string' &&
    /^(Connection terminated|timeout exceeded when trying to connect|Query read timeout|Client has encountered a connection error)/.test(
      message,
    )
  );
}

/**
 * Of the errors above, those of a database that answers but cannot take writes (full, read-only, failing to read or
 * write its file), as opposed to one that cannot be reached or is busy: for the log line that says which.
 */
export function refusesWrites(error: unknown): boolean {
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  if (typeof code !== 'string') return false;
  return /^SQLITE_(FULL|IOERR|CANTOPEN|READONLY|CORRUPT|NOTADB|NOMEM)/.test(code) || /^(53|58030|25006)/.test(code);
}
