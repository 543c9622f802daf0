import { describe, expect, it } from 'vitest';
import { HEARTBEAT_SHAPES, heartbeatBody } from '../../../test/heartbeat-fixtures.js';
import { HeartbeatError, parseHeartbeat } from './heartbeat-message.js';
import { boundLogs, LOG_LIMITS } from './heartbeat-logs.js';

const refusal = (body: unknown) => {
  try {
    parseHeartbeat(body);
  } catch (error) {
    if (error instanceof HeartbeatError) return { pointer: error.pointer, rule: error.rule };
    throw error;
  }
  return undefined;
};

describe('heartbeat messages', () => {
  it('accepts every shape the plugin sends, field by field', () => {
    for (const shape of HEARTBEAT_SHAPES) {
      const body = heartbeatBody('agent-1', shape);
      const heartbeat = parseHeartbeat(body);
      expect(heartbeat.id, shape.name).toBe(body.id);
      expect(heartbeat.version, shape.name).toBe(body.version);
      expect(heartbeat.hostname, shape.name).toBe(body.hostname);
      expect(heartbeat.status, shape.name).toBe(
        body.status === undefined ? undefined : String(body.status).toLowerCase(),
      );
      expect(heartbeat.configurations, shape.name).toEqual(body.configurations);
      expect(heartbeat.statistics, shape.name).toEqual(body.statistics);
      expect(heartbeat.logs, shape.name).toEqual(body.logs);
      expect(heartbeat.last, shape.name).toBe(body.last);
    }
  });

  it('refuses what schema 1 does not allow, with a pointer to the field', () => {
    const base = { id: 'a', version: 'Telegraf 1.37.0', schema: 1 };
    expect(refusal([])).toEqual({ pointer: '', rule: 'must be a JSON object' });
    expect(refusal({ version: 'x' })).toEqual({ pointer: '/id', rule: 'is required' });
    expect(refusal({ id: 'a' })).toEqual({ pointer: '/version', rule: 'is required' });
    expect(refusal({ ...base, id: 7 })?.pointer).toBe('/id');
    expect(refusal({ ...base, id: '' })?.pointer).toBe('/id');
    expect(refusal({ ...base, extra: 1 })).toEqual({ pointer: '/extra', rule: 'is not a field of schema 1' });
    expect(refusal({ ...base, status: 'ok' })?.pointer).toBe('/status');
    expect(refusal({ ...base, statistics: { errors: 1, warnings: 0 } })?.pointer).toBe('/statistics/metrics');
    expect(refusal({ ...base, statistics: { errors: -1, warnings: 0, metrics: 0 } })?.pointer).toBe(
      '/statistics/errors',
    );
    expect(refusal({ ...base, statistics: { errors: 1.5, warnings: 0, metrics: 0 } })?.pointer).toBe(
      '/statistics/errors',
    );
    expect(refusal({ ...base, configurations: ['a', 3] })?.pointer).toBe('/configurations/1');
    const log = { time: '2025-10-22T16:02:30Z', level: 'ERROR', source: '', message: 'm' };
    expect(refusal({ ...base, logs: [log, { ...log, level: 'FATAL' }] })?.pointer).toBe('/logs/1/level');
    expect(refusal({ ...base, logs: [{ ...log, time: 'yesterday' }] })?.pointer).toBe('/logs/0/time');
    expect(refusal({ ...base, logs: [{ ...log, colour: 'red' }] })?.pointer).toBe('/logs/0/colour');
    expect(refusal({ ...base, logs: [{ level: 'ERROR', source: '', message: 'm' }] })?.pointer).toBe('/logs/0/time');
    expect(refusal({ ...base, 'a/b': 1 })?.pointer).toBe('/a~1b');
  });

  it('tolerates a later schema: unknown fields are ignored, known ones still checked', () => {
    const later = parseHeartbeat({ id: 'a', version: 'Telegraf 2.0.0', schema: 2, uptime: 5, status: 'WARN' });
    expect(later).toMatchObject({ id: 'a', schema: 2, status: 'warn' });
    expect(refusal({ id: 'a', version: 'v', schema: 2, status: 'bad' })?.pointer).toBe('/status');
    expect(refusal({ id: 'a', version: 'v', schema: 0 })?.pointer).toBe('/schema');
  });
});

describe('what a heartbeat may carry', () => {
  const base = { id: 'a', version: 'Telegraf 1.39.3' };

  it('refuses only what identifies or dates the message', () => {
    expect(refusal({ ...base, id: 'a\u0000' })?.pointer).toBe('/id');
    expect(refusal({ ...base, id: '\udc00' })?.pointer).toBe('/id');
    expect(refusal({ ...base, version: 'v\ud800' })?.pointer).toBe('/version');
    expect(refusal({ ...base, last: 253_402_300_800 })).toEqual({
      pointer: '/last',
      rule: 'must be at most 253402300799 (9999-12-31T23:59:59Z)',
    });
    expect(refusal({ ...base, last: 253_402_300_799 })).toBeUndefined();
  });

  it('makes everything else storable and cuts it to size', () => {
    const heartbeat = parseHeartbeat({
      ...base,
      hostname: `a\u0000b\ud800${'x'.repeat(2000)}`,
      configurations: ['ok', 'n\u0000l', ...Array.from({ length: 1200 }, () => 'more')],
      logs: [{ time: '2025-10-22T16:02:30Z', level: 'INFO', source: 's'.repeat(2000), message: 'm\u0000' }],
    });
    expect(heartbeat.hostname).toHaveLength(1024);
    expect(heartbeat.hostname!.slice(0, 4)).toBe('a\ufffdb\ufffd');
    expect(heartbeat.configurations).toHaveLength(1000);
    expect(heartbeat.configurations![1]).toBe('n\ufffdl');
    expect(heartbeat.logs![0]!.source).toHaveLength(1024);
    expect(heartbeat.logs![0]!.message).toBe('m\ufffd');
  });

  it('drops attributes nested deeper than the bound, and keeps keys such as __proto__ as plain keys', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 12; i += 1) deep = [deep];
    const log = { time: '2025-10-22T16:02:30Z', level: 'INFO', source: 's', message: 'm' };
    const [kept, dropped] = parseHeartbeat({
      ...base,
      logs: [
        { ...log, attributes: JSON.parse('{"__proto__":{"polluted":true},"n\\u0000":"v\\u0000"}') },
        { ...log, attributes: { deep } },
      ],
    }).logs!;
    expect(Object.getPrototypeOf(kept!.attributes)).toBe(Object.prototype);
    expect(Object.keys(kept!.attributes!)).toEqual(['__proto__', 'n\ufffd']);
    expect(kept!.attributes!['n\ufffd']).toBe('v\ufffd');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(dropped!.attributes).toBeUndefined();
    expect(dropped!.attributesDropped).toBe(true);
  });
});

describe('stored logs', () => {
  const entry = (level: 'ERROR' | 'WARN' | 'INFO', second: number, message = 'm') => ({
    time: `2025-10-22T16:02:${String(second).padStart(2, '0')}Z`,
    level,
    source: 'inputs.cpu',
    message,
  });

  it('keeps the most severe, then the most recent, and returns them in time order', () => {
    const many = [
      ...Array.from({ length: 150 }, (_, i) => entry('INFO', i % 60)),
      ...Array.from({ length: 100 }, (_, i) => entry('WARN', i % 60)),
      entry('ERROR', 59),
      entry('ERROR', 1),
    ];
    const kept = boundLogs(many);
    expect(kept).toHaveLength(LOG_LIMITS.entries);
    expect(kept.filter((e) => e.level === 'ERROR')).toHaveLength(2);
    expect(kept.filter((e) => e.level === 'WARN')).toHaveLength(100);
    expect(kept.filter((e) => e.level === 'INFO')).toHaveLength(98);
    const times = kept.map((e) => Date.parse(e.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
  });

  it('caps messages at 8 KiB, attributes at 2 KiB and the whole at 64 KiB', () => {
    const [long] = boundLogs([{ ...entry('ERROR', 1, 'é'.repeat(10_000)), attributes: { a: 'x'.repeat(3000) } }]);
    expect(Buffer.byteLength(long!.message)).toBeLessThanOrEqual(LOG_LIMITS.messageBytes);
    expect(long!.message.endsWith('é')).toBe(true);
    expect(long).toMatchObject({ truncated: true, attributesDropped: true });
    const big = boundLogs(Array.from({ length: 50 }, (_, i) => entry('ERROR', i, 'x'.repeat(7000))));
    expect(Buffer.byteLength(JSON.stringify(big))).toBeLessThanOrEqual(LOG_LIMITS.totalBytes);
    expect(big.length).toBeLessThan(50);
    expect(big.at(-1)!.time).toBe('2025-10-22T16:02:49Z');
  });
});
