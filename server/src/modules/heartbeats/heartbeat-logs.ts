import type { LogEntry } from './heartbeat-message.js';

/** What is kept of a heartbeat's logs (ADR 10): the latest heartbeat's only, bounded. */
export const LOG_LIMITS = { entries: 200, totalBytes: 64 * 1024, messageBytes: 8 * 1024, attributesBytes: 2 * 1024 };

export interface StoredLog {
  time: string;
  level: LogEntry['level'];
  source: string;
  message: string;
  attributes?: Record<string, unknown>;
  /** The message was cut at the size cap. */
  truncated?: true;
  /** The attributes were over their cap and dropped. */
  attributesDropped?: true;
}

const SEVERITY: Record<LogEntry['level'], number> = { ERROR: 0, WARN: 1, INFO: 2, DEBUG: 3, TRACE: 4 };

/** Cuts a string to at most `bytes` of UTF-8 without splitting a character. */
function cutUtf8(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  let cut = Buffer.from(text).subarray(0, bytes).toString('utf8');
  if (cut.endsWith('\uFFFD')) cut = cut.slice(0, -1);
  return cut;
}

function bounded(entry: LogEntry): StoredLog {
  const stored: StoredLog = { time: entry.time, level: entry.level, source: entry.source, message: entry.message };
  const message = cutUtf8(entry.message, LOG_LIMITS.messageBytes);
  if (message !== entry.message) {
    stored.message = message;
    stored.truncated = true;
  }
  if (entry.attributesDropped) stored.attributesDropped = true;
  if (entry.attributes !== undefined) {
    if (Buffer.byteLength(JSON.stringify(entry.attributes)) <= LOG_LIMITS.attributesBytes) {
      stored.attributes = entry.attributes;
    } else {
      stored.attributesDropped = true;
    }
  }
  return stored;
}

/**
 * At most 200 entries within 64 KiB; when more were reported, the most severe are kept first and, within a level,
 * the most recent; the kept ones are returned in time order.
 */
export function boundLogs(entries: readonly LogEntry[]): StoredLog[] {
  const ranked = entries
    // A date Telegraf would never send (month 13) sorts as the oldest rather than breaking the order.
    .map((entry, index) => ({ entry, index, at: Date.parse(entry.time) || 0 }))
    .sort((a, b) => SEVERITY[a.entry.level] - SEVERITY[b.entry.level] || b.at - a.at || b.index - a.index);
  const kept: Array<{ stored: StoredLog; index: number; at: number }> = [];
  let bytes = 2;
  for (const { entry, index, at } of ranked) {
    if (kept.length === LOG_LIMITS.entries) break;
    const stored = bounded(entry);
    const size = Buffer.byteLength(JSON.stringify(stored)) + 1;
    if (bytes + size > LOG_LIMITS.totalBytes) continue;
    bytes += size;
    kept.push({ stored, index, at });
  }
  return kept.sort((a, b) => a.at - b.at || a.index - b.index).map(({ stored }) => stored);
}
