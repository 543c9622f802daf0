import { createSocket, type Socket as UdpSocket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { connect, type Socket } from 'node:net';
import { hostname } from 'node:os';
import type { ForwardedAuditEntry } from '@telegraf-controller/contract/audit';
import type { AuditForwarding } from '../../option-table-audit.js';
import { entryJson, type AuditForwarder } from './audit-forwarder.js';

/** RFC 5424 facility 13, "log audit". */
const FACILITY = 13;
const APP_NAME = 'telegraf-controller';
/** The largest datagram sent: a bigger entry goes without its details (its hash still vouches for them). */
const MAX_DATAGRAM = 65_000;
const CONNECT_TIMEOUT_MS = 10_000;
/** A receiver that takes no bytes for this long (it accepted, then stopped reading) counts as down. */
const WRITE_TIMEOUT_MS = 10_000;

/** PRINTUSASCII only (RFC 5424 §6), at most `max` characters, `-` when nothing is left. */
const header = (value: string, max: number) => value.replace(/[^\x21-\x7e]/g, '').slice(0, max) || '-';

/**
 * One entry as an RFC 5424 message: severity notice for a success, warning otherwise; MSGID the action; the entry
 * and the chain's head as JSON in MSG, after the BOM that marks it UTF-8.
 */
export function syslogMessage(entry: ForwardedAuditEntry, host = hostname(), pid = process.pid): string {
  const severity = entry.outcome === 'success' ? 5 : 4;
  const fields = [
    `<${FACILITY * 8 + severity}>1`,
    entry.at,
    header(host, 255),
    APP_NAME,
    String(pid),
    header(entry.action, 32),
    '-',
  ];
  return `${fields.join(' ')} \uFEFF${entryJson(entry)}`;
}

/** A datagram's bytes: an entry too big for one goes without its details. */
function datagram(entry: ForwardedAuditEntry): Buffer {
  const whole = Buffer.from(syslogMessage(entry));
  if (whole.length <= MAX_DATAGRAM) return whole;
  return Buffer.from(syslogMessage({ ...entry, details: { detailsOmitted: true, detailsBytes: whole.length } }));
}

/** Octet counting (RFC 6587 §3.4.1): the frame's length in bytes, a space, the message. */
function frame(entry: ForwardedAuditEntry): Buffer {
  const message = Buffer.from(syslogMessage(entry));
  return Buffer.concat([Buffer.from(`${message.length} `), message]);
}

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function createSyslogForwarder({
  host,
  port,
  protocol,
}: NonNullable<AuditForwarding['syslog']>): AuditForwarder {
  const destination = `${protocol}://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return protocol === 'udp' ? udpForwarder(destination, host, port) : tcpForwarder(destination, host, port);
}

/**
 * UDP (RFC 5426): a datagram is never confirmed, so "sent" means handed to the network. The socket is connected,
 * so a receiver whose port is closed answers with an ICMP error that fails a later send, and sending stops there.
 */
function udpForwarder(destination: string, host: string, port: number): AuditForwarder {
  let socket: UdpSocket | undefined;
  const open = async () => {
    const { address, family } = await lookup(host);
    const fresh = createSocket(family === 6 ? 'udp6' : 'udp4');
    fresh.on('error', () => {
      if (socket === fresh) socket = undefined;
      fresh.close();
    });
    await new Promise<void>((resolve, reject) => {
      fresh.once('error', reject);
      fresh.connect(port, address, () => {
        fresh.off('error', reject);
        resolve();
      });
    });
    return fresh;
  };
  return {
    kind: 'syslog',
    destination,
    async send(entries) {
      let sent = 0;
      try {
        socket ??= await open();
        const current = socket;
        for (const entry of entries) {
          await new Promise<void>((resolve, reject) =>
            current.send(datagram(entry), (error) => (error ? reject(error) : resolve())),
          );
          sent++;
        }
        return { sent };
      } catch (error) {
        socket?.close();
        socket = undefined;
        return { sent, error: messageOf(error) };
      }
    },
    async close() {
      socket?.close();
      socket = undefined;
    },
  };
}

/**
 * TCP (RFC 6587): one connection, kept open; a batch counts as sent once the connection took all of it, and is
 * sent again whole after a broken connection (at least once). A receiver that dies with unread data in its buffers
 * may lose that data: syslog has no acknowledgement (the webhook has).
 */
function tcpForwarder(destination: string, host: string, port: number): AuditForwarder {
  let socket: Socket | undefined;
  const open = () =>
    new Promise<Socket>((resolve, reject) => {
      const fresh = connect({ host, port, timeout: CONNECT_TIMEOUT_MS });
      fresh.once('timeout', () => fresh.destroy(new Error('connection timed out')));
      fresh.once('error', reject);
      fresh.once('connect', () => {
        fresh.off('error', reject);
        fresh.setTimeout(0);
        fresh.setKeepAlive(true, 10_000);
        // The receiver has nothing to say; whatever it sends is read and dropped.
        fresh.resume();
        const forget = () => {
          if (socket === fresh) socket = undefined;
          fresh.destroy();
        };
        fresh.on('error', forget);
        fresh.on('end', forget);
        fresh.on('close', forget);
        resolve(fresh);
      });
    });
  return {
    kind: 'syslog',
    destination,
    async send(entries, { signal }) {
      try {
        socket ??= await open();
        const current = socket;
        await new Promise<void>((resolve, reject) => {
          // A receiver that stops reading would leave the write pending for ever, and the controller's stop too.
          const stalled = setTimeout(() => current.destroy(new Error('the receiver takes no data')), WRITE_TIMEOUT_MS);
          const stopping = () => current.destroy(new Error('the controller is stopping'));
          signal.addEventListener('abort', stopping, { once: true });
          const settle = (error?: Error | null) => {
            clearTimeout(stalled);
            signal.removeEventListener('abort', stopping);
            current.off('close', broken);
            if (error) reject(error);
            else resolve();
          };
          const broken = () => settle(new Error('the connection closed'));
          current.once('close', broken);
          current.write(Buffer.concat(entries.map(frame)), (error) => settle(error));
        });
        return { sent: entries.length };
      } catch (error) {
        socket?.destroy();
        socket = undefined;
        return { sent: 0, error: messageOf(error) };
      }
    },
    async close() {
      socket?.end();
      socket?.destroy();
      socket = undefined;
    },
  };
}
