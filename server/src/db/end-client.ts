import type pg from 'pg';

/** How long a dedicated client's goodbye may take before its socket is simply closed. */
const END_TIMEOUT_MS = 1_000;

/**
 * Ends a dedicated client (LISTEN, leader lock) without hanging on a dead path: on a half-open connection `end()`
 * waits for an answer that never comes, which would hold up a shutdown, so after a moment the socket is destroyed.
 * Either way the server ends the session (and releases its locks) when it sees the connection go.
 */
export async function endClient(client: pg.Client): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      client.connection.stream.destroy();
      resolve();
    }, END_TIMEOUT_MS);
  });
  await Promise.race([client.end().catch(() => undefined), timedOut]);
  clearTimeout(timer);
}
