import { describe, expect, it } from 'vitest';
import type { ForwardedAuditEntry } from '@telegraf-controller/contract/audit';
import { syslogMessage } from './syslog-forwarder.js';

const entry: ForwardedAuditEntry = {
  seq: 7,
  at: '2026-12-05T10:11:12.345Z',
  action: 'config.update',
  outcome: 'success',
  actor: { type: 'user', id: 'u1', name: 'ada', tokenOwnerId: null },
  ip: '192.0.2.1',
  userAgent: 'curl/8',
  target: { type: 'config', id: 'c1', name: 'edge – ünïcode' },
  details: { diff: '-a\n+b\n' },
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
  chainHead: { seq: 9, hash: 'c'.repeat(64) },
};

describe('RFC 5424 audit messages', () => {
  it('carries facility 13 (log audit), the entry’s time, the action as MSGID, and the entry as UTF-8 JSON', () => {
    const message = syslogMessage(entry, 'node-1', 4242);
    expect(
      message.startsWith('<109>1 2026-12-05T10:11:12.345Z node-1 telegraf-controller 4242 config.update - \uFEFF'),
    ).toBe(true);
    expect(JSON.parse(message.slice(message.indexOf('\uFEFF') + 1))).toEqual(entry);
  });

  it('uses severity warning for a failure or a denial, and keeps header fields printable ASCII', () => {
    const denied = syslogMessage(
      { ...entry, outcome: 'denied', action: 'request denied\u0000x'.repeat(4) },
      'host name',
      1,
    );
    const [priority, , host, , , msgId] = denied.split(' ');
    expect(priority).toBe('<108>1');
    expect(host).toBe('hostname');
    expect(msgId).toMatch(/^[\x21-\x7e]{1,32}$/);
    expect(syslogMessage({ ...entry, outcome: 'failure' }, '', 1)).toMatch(/^<108>1 \S+ - telegraf-controller 1 /);
  });
});
