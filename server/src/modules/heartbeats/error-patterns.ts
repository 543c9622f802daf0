import { hash } from 'node:crypto';
import { toStorable } from '../../lib/text.js';
import type { StoredLog } from './heartbeat-logs.js';

/** The longest pattern and sample kept: enough to read, bounded whatever an agent logs. */
const MAX_PATTERN_LENGTH = 1024;

/** What varies between two reports of one problem, each masked by its stand-in, in this order. */
const MASKS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<ip>'],
  // IPv6: eight groups, or fewer around `::`, bracketed with a port or not (never a time such as 10:00:01).
  [
    /(?<![\w:.])\[?(?:(?:[0-9a-f]{1,4}:){7}[0-9a-f]{1,4}|(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?)(?:\](?::\d{1,5})?)?(?!\w)/gi,
    '<ip>',
  ],
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{8,}\b/gi, '<id>'],
  [/\d+(?:\.\d+)?/g, '<n>'],
];

/**
 * A log message as a pattern (issue 20 item 5): UUIDs and long hex ids as `<id>`, IPv4 and IPv6 addresses (with a
 * port) as `<ip>`, every other number as `<n>`, runs of white space as one space. `dial tcp 10.0.0.7:3306: i/o
 * timeout after 5.2s` and the same from another host read alike.
 */
export function normalizeMessage(message: string): string {
  let pattern = message;
  for (const [mask, standIn] of MASKS) pattern = pattern.replace(mask, standIn);
  return toStorable(pattern.replace(/\s+/g, ' ').trim(), MAX_PATTERN_LENGTH);
}

/** The pattern a log entry belongs to. */
interface ReadMessage {
  id: string;
  source: string;
  pattern: string;
}

/**
 * Messages read before and the pattern each belongs to: an agent repeats its problem beat after beat, and masking
 * a message costs several regular expressions and a hash on the path of every heartbeat flush. It holds at most
 * `MAX_SEEN_MESSAGES` short messages, and starts again when full.
 */
export interface SeenMessages {
  read(level: 'ERROR' | 'WARN', source: string, message: string): ReadMessage;
}

const MAX_SEEN_MESSAGES = 10_000;
/** Longer messages are read afresh each time (they are rare, and would make the memory unbounded). */
const MAX_SEEN_LENGTH = 512;

export function createSeenMessages(): SeenMessages {
  let seen = new Map<string, ReadMessage>();
  const readAfresh = (level: string, rawSource: string, message: string): ReadMessage => {
    const pattern = normalizeMessage(message);
    const source = toStorable(rawSource, MAX_PATTERN_LENGTH);
    const id = hash('sha256', `${level}\u0000${source}\u0000${pattern}`, 'base64url').slice(0, 22);
    return { id, source, pattern };
  };
  return {
    read(level, source, message) {
      if (message.length + source.length > MAX_SEEN_LENGTH) return readAfresh(level, source, message);
      const key = `${level}\u0000${source}\u0000${message}`;
      let read = seen.get(key);
      if (read === undefined) {
        read = readAfresh(level, source, message);
        if (seen.size >= MAX_SEEN_MESSAGES) seen = new Map();
        seen.set(key, read);
      }
      return read;
    },
  };
}

export interface PatternWrite {
  id: string;
  level: 'ERROR' | 'WARN';
  source: string;
  pattern: string;
  sample: string;
  sampleAgentId: string;
  at: string;
  occurrences: number;
}

export interface SightingWrite {
  patternId: string;
  agentId: string;
  at: string;
  occurrences: number;
}

/**
 * The patterns in a batch of heartbeats' logs (errors and warnings), and which agent reported each how often: what
 * the flush adds to the fleet's counts. An entry's own time is not trusted; the heartbeat's arrival is.
 */
export function patternsOf(
  reports: ReadonlyArray<{ agentId: string; logs: readonly StoredLog[]; at: string }>,
  seen: SeenMessages = createSeenMessages(),
): {
  patterns: PatternWrite[];
  sightings: SightingWrite[];
} {
  const patterns = new Map<string, PatternWrite>();
  const sightings = new Map<string, SightingWrite>();
  for (const { agentId, logs, at } of reports) {
    for (const entry of logs) {
      if (entry.level !== 'ERROR' && entry.level !== 'WARN') continue;
      const { id, source, pattern } = seen.read(entry.level, entry.source, entry.message);
      const known = patterns.get(id);
      if (known === undefined) {
        patterns.set(id, {
          id,
          level: entry.level,
          source,
          pattern,
          sample: toStorable(entry.message, MAX_PATTERN_LENGTH),
          sampleAgentId: agentId,
          at,
          occurrences: 1,
        });
      } else {
        known.occurrences += 1;
      }
      const key = `${id} ${agentId}`;
      const sighting = sightings.get(key);
      if (sighting === undefined) sightings.set(key, { patternId: id, agentId, at, occurrences: 1 });
      else sighting.occurrences += 1;
    }
  }
  // In key order: flushes of two controllers lock shared rows in the same order, so they never deadlock.
  const byKey = <T>(entries: Map<string, T>) => [...entries].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
  return { patterns: byKey(patterns), sightings: byKey(sightings) };
}
