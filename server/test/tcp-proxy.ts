import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { releaseAfterTest } from './harness.js';

/**
 * A TCP proxy in front of a real server, for outages on demand: `pass` forwards; `refuse` cuts every connection
 * and resets new ones at once; `blackhole` cuts every connection and accepts new ones without ever answering (a
 * silent network); `restore` forwards again. Closed after the test.
 */
export async function startTcpProxy(targetPort: number, targetHost = '127.0.0.1') {
  let mode: 'pass' | 'refuse' | 'blackhole' = 'pass';
  const open = new Set<Socket>();
  const server = createServer((client) => {
    open.add(client);
    client.on('close', () => open.delete(client));
    client.on('error', () => undefined);
    if (mode === 'refuse') return client.resetAndDestroy();
    if (mode === 'blackhole') return;
    const upstream = createConnection({ port: targetPort, host: targetHost });
    open.add(upstream);
    upstream.on('close', () => open.delete(upstream));
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
    restore() {
      mode = 'pass';
      // Held (blackholed) connections end now: their owners time out or retry on a working path.
      cutAll();
    },
  };
}
