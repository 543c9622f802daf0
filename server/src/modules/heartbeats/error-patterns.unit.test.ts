import { describe, expect, it } from 'vitest';
import { createSeenMessages, normalizeMessage, patternsOf } from './error-patterns.js';

describe('error patterns', () => {
  it('masks numbers, ids and addresses so the same problem on two agents reads alike', () => {
    expect(normalizeMessage('dial tcp 10.0.0.7:3306: i/o timeout after 5.2s')).toBe(
      'dial tcp <ip>: i/o timeout after <n>s',
    );
    expect(normalizeMessage('dial tcp [2001:db8::17]:8086: connect: connection refused')).toBe(
      'dial tcp <ip>: connect: connection refused',
    );
    expect(normalizeMessage('request 7f9c2b1e-3d4a-4f6b-9c8d-0a1b2c3d4e5f failed with status 503')).toBe(
      'request <id> failed with status <n>',
    );
    expect(normalizeMessage('container deadbeef01 on db-17.example.com:5432 exited\n  (code 137)')).toBe(
      'container <id> on db-<n>.example.com:<n> exited (code <n>)',
    );
    expect(normalizeMessage('no route to fe80::1 or ::1 at 10:00:01 (inputs.http::api)')).toBe(
      'no route to <ip> or <ip> at <n>:<n>:<n> (inputs.http::api)',
    );
    // Words that merely look like hex stay: only runs with a digit and a letter are ids.
    expect(normalizeMessage('accessed a cafebabe feed')).toBe('accessed a cafebabe feed');
  });

  it('counts each pattern once per entry and each agent that reported it, errors and warnings only', () => {
    const entry = (level: 'ERROR' | 'WARN' | 'INFO', message: string, source = 'inputs.mysql') => ({
      time: '2026-12-05T10:00:00Z',
      level,
      source,
      message,
    });
    const at = '2026-12-05T10:00:01.000Z';
    const { patterns, sightings } = patternsOf([
      {
        agentId: 'a',
        at,
        logs: [entry('ERROR', 'dial tcp 10.0.0.1:3306: refused'), entry('ERROR', 'dial tcp 10.0.0.2:3306: refused')],
      },
      { agentId: 'b', at, logs: [entry('ERROR', 'dial tcp 10.0.0.3:3306: refused'), entry('INFO', 'started')] },
      { agentId: 'b', at, logs: [entry('WARN', 'dial tcp 10.0.0.3:3306: refused')] },
      { agentId: 'c', at, logs: [entry('ERROR', 'dial tcp 10.0.0.3:3306: refused', 'inputs.postgresql')] },
    ]);
    const found = patterns.map(({ level, source, pattern, occurrences }) => ({ level, source, pattern, occurrences }));
    expect(found).toHaveLength(3);
    expect(found).toEqual(
      expect.arrayContaining([
        { level: 'ERROR', source: 'inputs.mysql', pattern: 'dial tcp <ip>: refused', occurrences: 3 },
        { level: 'WARN', source: 'inputs.mysql', pattern: 'dial tcp <ip>: refused', occurrences: 1 },
        { level: 'ERROR', source: 'inputs.postgresql', pattern: 'dial tcp <ip>: refused', occurrences: 1 },
      ]),
    );
    // Rows go in key order, so two controllers' flushes lock shared rows alike.
    expect(patterns.map((p) => p.id)).toEqual(patterns.map((p) => p.id).sort());
    expect(patterns.find((p) => p.occurrences === 3)).toMatchObject({
      sample: 'dial tcp 10.0.0.1:3306: refused',
      sampleAgentId: 'a',
    });
    expect(sightings.map(({ agentId, occurrences }) => `${agentId} ${occurrences}`).sort()).toEqual([
      'a 2',
      'b 1',
      'b 1',
      'c 1',
    ]);
  });

  it('cuts long messages without splitting a character, so every engine stores them', () => {
    const message = `${'x'.repeat(1023)}\u{1F525} and more`;
    const { patterns } = patternsOf([
      {
        agentId: 'a',
        at: '2026-12-05T10:00:01.000Z',
        logs: [{ time: '', level: 'ERROR', source: 'inputs.x', message }],
      },
    ]);
    expect(patterns[0]!.sample.isWellFormed()).toBe(true);
    expect(patterns[0]!.pattern.isWellFormed()).toBe(true);
    expect(normalizeMessage(message).isWellFormed()).toBe(true);
  });

  it('reads a message seen before as it read it the first time, short or long, and after it starts again', () => {
    const seen = createSeenMessages();
    const report = (message: string, level: 'ERROR' | 'WARN' = 'ERROR') => ({
      agentId: 'a',
      at: '2026-12-05T10:00:01.000Z',
      logs: [{ time: '', level, source: 'inputs.ping', message }],
    });
    const messages = [
      'ping 10.0.0.9 timed out after 3s',
      `${'y'.repeat(600)} 42`,
      ...Array.from({ length: 10_050 }, (_, n) => `host-${n} down`),
    ];
    const afresh = patternsOf(messages.map((message) => report(message)));
    // Each message read twice through the same memory (it fills up and starts again on the way): the same patterns.
    for (let round = 0; round < 2; round += 1) {
      expect(
        patternsOf(
          messages.map((message) => report(message)),
          seen,
        ),
      ).toEqual(afresh);
    }
    // The level is part of what is remembered: a warning with an error's text is its own pattern.
    const warned = patternsOf([report(messages[0]!, 'WARN')], seen).patterns[0]!;
    expect(warned.level).toBe('WARN');
    expect(warned.id).not.toBe(patternsOf([report(messages[0]!)], seen).patterns[0]!.id);
  });
});
