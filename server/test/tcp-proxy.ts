import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { releaseAfterTest } from './harness.js';

/**
 * A TCP proxy in front of a real server, for outages on demand: `pass` forwards; `refuse` cuts every connection
 * and resets new ones at once; `blackhole` cuts every connection and accepts new ones without ever answering (a
 * silent network); `silence` stops carrying bytes on open connections without closing them (a half-open path, as
 * a firewall that forgot them makes: TCP keep-alive still finds the proxy there); `restore` forwards again. Closed
 * after the test.
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1') {
  let mode: 'pass' | 'refuse' | 'blackhole' = 'pass';
  const open = new Set<Socket>();
  /** Forwarded connections, with the first bytes the client sent (a PostgreSQL startup message names its client). */
  const forwarded = new Set<{ client: Socket; upstream: Socket; first: string }>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => undefined);
    if (mode === 'refuse') return client.resetAndDestroy();
    if (mode === 'blackhole') return;
    const upstream = createConnection({ port: targetPort, host: targetHost });
    open.add(upstream);
    const pair = { client, upstream, first: '' };
    forwarded.add(pair);
    client.once('data', (chunk: Buffer) => (pair.first = chunk.toString('latin1')));
    upstream.on('close', () => {
      open.delete(upstream);
      forwarded.delete(pair);
    });
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cutAll = () => {
    for (const socket of open) socket.destroy();
    open.clear();
  };
  releaseAfterTest(async () => {
    cutAll();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return {
    port: (server.address() as AddressInfo).port,
    refuse() {
      mode = 'refuse';
      cutAll();
    },
    blackhole() {
      mode = 'blackhole';
      cutAll();
    },
    /** Open connections whose first bytes hold `marker` (all, without one) carry nothing more, and stay open. */
    silence(marker?: string) {
      let silenced = 0;
      for (const pair of forwarded) {
        if (marker !== undefined && !pair.first.includes(marker)) continue;
        pair.client.unpipe(pair.upstream);
        pair.upstream.unpipe(pair.client);
        pair.client.pause();
        pair.upstream.pause();
        silenced += 1;
      }
      return silenced;
    },
    restore() {
      mode = 'pass';
      // Held (blackholed) connections end now: their owners time out or retry on a working path.
      cutAll();
    },
  };
}
