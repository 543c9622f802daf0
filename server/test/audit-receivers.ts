import { createSocket } from 'node:dgram';
import { createServer as createHttpServer, type IncomingMessage } from 'node:http';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import type { ForwardedAuditEntry } from '@telegraf-controller/contract/audit';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, webhookSignature } from '../src/lib/webhook-sender.js';
import { releaseAfterTest } from './harness.js';

/**
 * Real receivers on loopback for the audit log's forwarders: a syslog server over TCP (octet-counted frames) and
 * over UDP, and an HTTP server that checks each webhook's signature. Each keeps what it got, can go down and come
 * back on the same port, and is stopped after the test.
 */

export interface SyslogMessage {
  priority: number;
  timestamp: string;
  hostname: string;
  appName: string;
  procId: string;
  msgId: string;
  entry: ForwardedAuditEntry;
}

const SYSLOG = /^<(\d{1,3})>1 (\S+) (\S+) (\S+) (\S+) (\S+) - \uFEFF(.*)$/s;

/** An RFC 5424 message as the forwarder writes it; throws on anything else. */
export function parseSyslog(text: string): SyslogMessage {
  const match = SYSLOG.exec(text);
  if (match === null) throw new Error(`not an RFC 5424 message: ${text.slice(0, 120)}`);
  const [, priority, timestamp, hostname, appName, procId, msgId, json] = match;
  return {
    priority: Number(priority),
    timestamp: timestamp!,
    hostname: hostname!,
    appName: appName!,
    procId: procId!,
    msgId: msgId!,
    entry: JSON.parse(json!) as ForwardedAuditEntry,
  };
}

/** Syslog over TCP (RFC 6587 octet counting). */
export async function syslogTcpReceiver() {
  const messages: SyslogMessage[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = Buffer.alloc(0);
    socket.on('data', (chunk) => {
      pending = Buffer.concat([pending, chunk]);
      for (;;) {
        const space = pending.indexOf(0x20);
        if (space < 0) return;
        const length = Number(pending.subarray(0, space).toString());
        if (pending.length < space + 1 + length) return;
        messages.push(parseSyslog(pending.subarray(space + 1, space + 1 + length).toString('utf8')));
        pending = pending.subarray(space + 1 + length);
      }
    });
  });
  let port = 0;
  // Coming back on the same port; taken meanwhile by another listener, the test fails here rather than later.
  const up = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        port = (server.address() as AddressInfo).port;
        resolve();
      });
    });
  const down = () =>
    new Promise<void>((resolve) => {
      for (const socket of sockets) socket.destroy();
      server.close(() => resolve());
    });
  await up();
  releaseAfterTest(async () => {
    if (server.listening) await down();
  });
  return { messages, port, up, down };
}

/** Syslog over UDP (RFC 5426): one message per datagram. */
export async function syslogUdpReceiver() {
  const messages: SyslogMessage[] = [];
  let socket = createSocket('udp4');
  let port = 0;
  const up = async () => {
    socket = createSocket('udp4');
    socket.on('message', (data) => messages.push(parseSyslog(data.toString('utf8'))));
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, '127.0.0.1', () => {
        socket.off('error', reject);
        resolve();
      });
    });
    port = socket.address().port;
  };
  const down = () => new Promise<void>((resolve) => socket.close(() => resolve()));
  await up();
  let open = true;
  releaseAfterTest(async () => {
    if (open) await down();
  });
  return {
    messages,
    port,
    up: async () => {
      await up();
      open = true;
    },
    down: async () => {
      await down();
      open = false;
    },
  };
}

export interface WebhookDelivery {
  entry: ForwardedAuditEntry;
  authorization: string | undefined;
  /** The signature header matched the HMAC of the timestamp header and the raw body. */
  signed: boolean;
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });

/** A webhook receiver: answers `status` (200 unless a test changes it), and records what it took with a 2xx. */
export async function webhookReceiver(secret: string) {
  const deliveries: WebhookDelivery[] = [];
  const state = { status: 200, requests: 0, hang: false };
  const server = createHttpServer(async (request, response) => {
    const body = await readBody(request);
    state.requests++;
    // Takes the request and never answers (the connection is closed when the test ends).
    if (state.hang) return;
    const timestamp = String(request.headers[TIMESTAMP_HEADER] ?? '');
    if (state.status >= 200 && state.status < 300) {
      deliveries.push({
        entry: JSON.parse(body) as ForwardedAuditEntry,
        authorization: request.headers.authorization,
        signed: request.headers[SIGNATURE_HEADER] === webhookSignature(secret, timestamp, body),
      });
    }
    response.writeHead(state.status, { 'content-type': 'text/plain' }).end(`answered ${state.status}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  releaseAfterTest(
    () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  );
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/audit?key=not-shown`;
  return { deliveries, state, url };
}

/** The `seq`s a receiver got, first arrivals only, in arrival order. */
export function arrivals(entries: readonly ForwardedAuditEntry[]): number[] {
  return [...new Set(entries.map((entry) => entry.seq))];
}
