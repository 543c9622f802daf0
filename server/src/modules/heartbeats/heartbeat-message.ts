import type { ReportedStatus } from '../../db/schema.js';
import { isStorable, toStorable } from '../../lib/text.js';
import { redactQuerySecrets } from '../../lib/urls.js';

/** A heartbeat as Telegraf's `outputs.heartbeat` sends it (schema v1), checked and normalised. */
export interface Heartbeat {
  id: string;
  version: string;
  schema: number;
  /** Unix seconds of the last heartbeat that got through, sent only after a refused one. */
  last?: number;
  hostname?: string;
  configurations?: string[];
  statistics?: { errors: number; warnings: number; metrics: number };
  logs?: LogEntry[];
  /** Lower-cased; absent when the agent does not include `status`. */
  status?: ReportedStatus;
}

export interface LogEntry {
  time: string;
  level: 'ERROR' | 'WARN' | 'INFO' | 'DEBUG' | 'TRACE';
  source: string;
  attributes?: Record<string, unknown>;
  /** The attributes were nested too deep or too many, and dropped on admission. */
  attributesDropped?: true;
  message: string;
}

export class HeartbeatError extends Error {
  constructor(
    readonly pointer: string,
    readonly rule: string,
  ) {
    super(`${pointer || '/'} ${rule}`);
  }
}

const LEVELS = new Set(['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE']);
const STATUSES: Record<string, ReportedStatus> = { OK: 'ok', WARN: 'warn', FAIL: 'fail', UNDEFINED: 'undefined' };
const MESSAGE_KEYS = new Set([
  'id',
  'version',
  'schema',
  'last',
  'hostname',
  'configurations',
  'statistics',
  'logs',
  'status',
]);
const STATISTICS_KEYS = ['errors', 'warnings', 'metrics'] as const;
const LOG_KEYS = new Set(['time', 'level', 'source', 'attributes', 'message']);
/** RFC 3339 with optional fraction, as Go's time.RFC3339Nano writes it. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Bounds (ADR 17): an id is a name, not a document. */
export const MAX_ID_LENGTH = 256;
const MAX_TEXT_LENGTH = 1024;
const MAX_SOURCE_LENGTH = 4096;
const MAX_CONFIGURATIONS = 1000;
/** The latest `last` both engines store as a date: 9999-12-31T23:59:59Z. */
export const MAX_LAST_SECONDS = 253_402_300_799;
/** Log attributes nested deeper than this, or with more values than `MAX_ATTRIBUTE_VALUES`, are dropped. */
export const MAX_ATTRIBUTE_DEPTH = 8;
const MAX_ATTRIBUTE_VALUES = 1000;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function string(value: unknown, pointer: string): string {
  if (typeof value !== 'string') throw new HeartbeatError(pointer, 'must be a string');
  return value;
}

/** A field that identifies the message: refused unless it can be stored exactly as sent. */
function text(value: unknown, pointer: string, maxLength: number, minLength = 0): string {
  const checked = string(value, pointer);
  if (checked.length < minLength) throw new HeartbeatError(pointer, `must not be empty`);
  if (checked.length > maxLength) throw new HeartbeatError(pointer, `must be at most ${maxLength} characters`);
  if (!isStorable(checked)) {
    throw new HeartbeatError(pointer, 'must not contain NUL characters or unpaired UTF-16 surrogates');
  }
  return checked;
}

/** A field that only describes: made storable and cut to size, never a reason to refuse the message. */
const described = (value: unknown, pointer: string, maxLength: number) => toStorable(string(value, pointer), maxLength);

/** JSON integers; Telegraf sends unsigned 64-bit counters, kept exact up to 2^53. */
function integer(value: unknown, pointer: string, minimum?: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new HeartbeatError(pointer, 'must be an integer');
  if (minimum !== undefined && value < minimum) throw new HeartbeatError(pointer, `must be at least ${minimum}`);
  return Math.min(value, Number.MAX_SAFE_INTEGER);
}

/**
 * Attributes are free-form: keys and strings made storable, and the whole dropped (undefined) when nested deeper
 * than `MAX_ATTRIBUTE_DEPTH` or holding more than `MAX_ATTRIBUTE_VALUES` values. Built with `Object.fromEntries`,
 * so a key such as `__proto__` stays a plain key.
 */
function storableAttributes(value: Record<string, unknown>): Record<string, unknown> | undefined {
  let budget = MAX_ATTRIBUTE_VALUES;
  const copy = (item: unknown, depth: number): unknown => {
    budget -= 1;
    if (budget < 0 || depth > MAX_ATTRIBUTE_DEPTH) throw new RangeError('attributes too large');
    if (typeof item === 'string') return toStorable(item, Number.MAX_SAFE_INTEGER);
    if (Array.isArray(item)) return item.map((element) => copy(element, depth + 1));
    if (isObject(item)) {
      return Object.fromEntries(
        Object.entries(item).map(([key, element]) => [
          toStorable(key, Number.MAX_SAFE_INTEGER),
          copy(element, depth + 1),
        ]),
      );
    }
    return item;
  };
  try {
    return copy(value, 1) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
}

function unknownKeys(value: Record<string, unknown>, known: ReadonlySet<string>, pointer: string) {
  for (const key of Object.keys(value)) {
    if (!known.has(key)) throw new HeartbeatError(`${pointer}/${escapePointer(key)}`, 'is not a field of schema 1');
  }
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

function logEntry(value: unknown, pointer: string, strict: boolean): LogEntry {
  if (!isObject(value)) throw new HeartbeatError(pointer, 'must be an object');
  if (strict) unknownKeys(value, LOG_KEYS, pointer);
  for (const key of ['time', 'level', 'source', 'message']) {
    if (!(key in value)) throw new HeartbeatError(`${pointer}/${key}`, 'is required');
  }
  const time = string(value.time, `${pointer}/time`);
  if (!DATE_TIME.test(time)) throw new HeartbeatError(`${pointer}/time`, 'must be an RFC 3339 date-time');
  const level = string(value.level, `${pointer}/level`);
  if (!LEVELS.has(level))
    throw new HeartbeatError(`${pointer}/level`, 'must be one of ERROR, WARN, INFO, DEBUG, TRACE');
  const entry: LogEntry = {
    time,
    level: level as LogEntry['level'],
    source: described(value.source, `${pointer}/source`, MAX_TEXT_LENGTH),
    // Messages are cut to size when stored, not refused: the body limit bounds them already.
    message: described(value.message, `${pointer}/message`, Number.MAX_SAFE_INTEGER),
  };
  if (value.attributes !== undefined) {
    if (!isObject(value.attributes)) throw new HeartbeatError(`${pointer}/attributes`, 'must be an object');
    const attributes = storableAttributes(value.attributes);
    if (attributes === undefined) entry.attributesDropped = true;
    else entry.attributes = attributes;
  }
  return entry;
}

/**
 * Checks a parsed body against Telegraf's heartbeat schema v1 (`additionalProperties: false`, `id` and `version`
 * required). A message that declares a later `schema` is held only to the fields this version knows, so a newer
 * Telegraf keeps reporting. Throws `HeartbeatError` with the JSON pointer of the first bad field.
 *
 * Only what identifies or dates the message is refused for its content: an `id` or `version` that cannot be stored
 * as sent, a `last` outside the dates both engines store. Everything else (hostname, config sources, log text and
 * attributes) is made storable and cut to size: Telegraf resends unacknowledged log entries with every beat, so
 * refusing a message for one odd log line would lock the agent out for good.
 */
export function parseHeartbeat(body: unknown): Heartbeat {
  if (!isObject(body)) throw new HeartbeatError('', 'must be a JSON object');
  const schema = body.schema === undefined ? 1 : integer(body.schema, '/schema', 1);
  const strict = schema === 1;
  if (strict) unknownKeys(body, MESSAGE_KEYS, '');
  if (!('id' in body)) throw new HeartbeatError('/id', 'is required');
  if (!('version' in body)) throw new HeartbeatError('/version', 'is required');
  const heartbeat: Heartbeat = {
    id: text(body.id, '/id', MAX_ID_LENGTH, 1),
    version: text(body.version, '/version', MAX_TEXT_LENGTH),
    schema,
  };
  if (body.last !== undefined) {
    heartbeat.last = integer(body.last, '/last', 0);
    if (heartbeat.last > MAX_LAST_SECONDS) {
      throw new HeartbeatError('/last', `must be at most ${MAX_LAST_SECONDS} (9999-12-31T23:59:59Z)`);
    }
  }
  if (body.hostname !== undefined) heartbeat.hostname = described(body.hostname, '/hostname', MAX_TEXT_LENGTH);
  if (body.configurations !== undefined) {
    if (!Array.isArray(body.configurations)) throw new HeartbeatError('/configurations', 'must be an array');
    heartbeat.configurations = body.configurations
      .slice(0, MAX_CONFIGURATIONS)
      // Credentials in a source's query are never stored (Telegraf redacts only `user:password@`); cut to size after.
      .map((item, index) =>
        toStorable(redactQuerySecrets(described(item, `/configurations/${index}`, Infinity)), MAX_SOURCE_LENGTH),
      );
  }
  if (body.statistics !== undefined) {
    const statistics = body.statistics;
    if (!isObject(statistics)) throw new HeartbeatError('/statistics', 'must be an object');
    if (strict) unknownKeys(statistics, new Set(STATISTICS_KEYS), '/statistics');
    const [errors, warnings, metrics] = STATISTICS_KEYS.map((key) => {
      if (!(key in statistics)) throw new HeartbeatError(`/statistics/${key}`, 'is required');
      return integer(statistics[key], `/statistics/${key}`, 0);
    }) as [number, number, number];
    heartbeat.statistics = { errors, warnings, metrics };
  }
  if (body.logs !== undefined) {
    if (!Array.isArray(body.logs)) throw new HeartbeatError('/logs', 'must be an array');
    heartbeat.logs = body.logs.map((entry, index) => logEntry(entry, `/logs/${index}`, strict));
  }
  if (body.status !== undefined) {
    const status = STATUSES[string(body.status, '/status')];
    if (status === undefined) throw new HeartbeatError('/status', 'must be one of OK, WARN, FAIL, UNDEFINED');
    heartbeat.status = status;
  }
  return heartbeat;
}
