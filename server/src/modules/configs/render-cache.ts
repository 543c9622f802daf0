import { createHash } from 'node:crypto';
import type { ConfigVersionRef } from './served-versions.js';

export interface RenderedToml {
  body: Buffer;
  /** Strong validator: the SHA-256 of the bytes. */
  etag: string;
  /** An HTTP date derived from the same hash: it changes exactly when the rendered bytes change. */
  lastModified: string;
}

export interface ServedToml extends RenderedToml {
  /** The download name: the configuration's (or group's) name with a .toml ending. */
  filename: string;
  /** The parameters the template uses: no other query parameter changes what is served. */
  parameters: ReadonlySet<string>;
  /** What was rendered: a group also needs `config-groups:read` when an alias serves it (`/c/{alias}`). */
  kind: 'config' | 'group';
  /** The configuration and version that was rendered; null for a group (its members have their own). */
  configVersion: ConfigVersionRef | null;
  /** What a fetch of it is recorded as (ADR 26). */
  fetch: ServedFetch;
}

export interface ServedFetch {
  /**
   * The parameter the heartbeat output's `instance_id` is made of (a group's: its first member's that has one); null
   * when none is, and `agent_id` names the agent.
   */
  identity: string | null;
  /** The configurations served, each at its version: one, or a group's members. */
  versions: readonly ConfigVersionRef[];
  groupId: string | null;
}

const EPOCH_MS = Date.UTC(2001, 0, 1);
const SPAN_SECONDS = 25 * 365 * 86_400;

/**
 * Telegraf's watcher compares `Last-Modified` as a string and reloads on any difference, so the header must move
 * when, and only when, the served bytes move: a date taken from the content hash does exactly that (ADR 8).
 */
export function fingerprint(body: Buffer): RenderedToml {
  const digest = createHash('sha256').update(body).digest();
  const seconds = digest.readUInt32BE(0) % SPAN_SECONDS;
  return {
    body,
    etag: `"${digest.toString('base64url').slice(0, 32)}"`,
    lastModified: new Date(EPOCH_MS + seconds * 1000).toUTCString(),
  };
}

/**
 * The cache key of what `target` renders to with these parameters, in any order. Each name and value is written
 * with its length in front, so no value can imitate a separator and two different parameter sets never share a key.
 * Keys start with a digit; the early path (toml-fast-path) keeps its answers in the same cache under request URLs,
 * which start with '/'.
 */
export function renderKey(target: string, parameters: Record<string, string>): string {
  let key = `${target.length}:${target}`;
  for (const name of Object.keys(parameters).sort()) {
    const value = parameters[name]!;
    key += `|${name.length}:${name}${value.length}:${value}`;
  }
  return key;
}

/** Only the parameters `names` holds: what a template that uses those names is rendered (and cached) with. */
export function usedParameters(
  parameters: Readonly<Record<string, string>>,
  names: ReadonlySet<string>,
): Record<string, string> {
  const used: Record<string, string> = {};
  for (const name of Object.keys(parameters)) if (names.has(name)) used[name] = parameters[name]!;
  return used;
}

interface Entry {
  value: ServedToml;
  bytes: number;
  /** Set by a hit; the eviction sweep gives a used entry a second chance instead of dropping it. */
  used: boolean;
}

/** What an entry is charged besides its key and body: the object, its headers and the map slot. */
const ENTRY_OVERHEAD_BYTES = 512;

/**
 * Rendered results per (target, the parameters its template uses), so polls from a fleet cost a map lookup, within
 * `maxBytes` of memory: bodies and keys are counted, and the least recently used entries go first (a second-chance
 * sweep, so a hit costs a flag). Every change that can alter a result (a template, a constant, an alias, a group)
 * clears the whole cache and starts a new generation; a result computed from reads that began in an earlier
 * generation is not stored, so a render racing a change cannot outlive it. Other controllers on the same database
 * hear of each change from the database and clear theirs (`db/cache-sync.ts`). Each target's parameter names are kept too, so a lookup can pick the
 * used parameters before anything is read.
 */
export function createRenderCache(maxBytes = 128 * 1024 * 1024) {
  let entries = new Map<string, Entry>();
  let parameterNames = new Map<string, ReadonlySet<string>>();
  let bytes = 0;
  let generation = 0;
  const lookups = { hits: 0, misses: 0 };
  const evict = () => {
    while (bytes > maxBytes && entries.size > 0) {
      const [key, entry] = entries.entries().next().value!;
      entries.delete(key);
      if (entry.used) {
        entry.used = false;
        entries.set(key, entry);
      } else {
        bytes -= entry.bytes;
      }
    }
  };
  return {
    get(key: string): ServedToml | undefined {
      const entry = entries.get(key);
      if (entry === undefined) {
        lookups.misses += 1;
        return undefined;
      }
      lookups.hits += 1;
      entry.used = true;
      return entry.value;
    },
    /** Take it before the first read a result depends on, and hand it to `set`. */
    generation: () => generation,
    set(key: string, value: ServedToml, readSince: number) {
      if (readSince !== generation) return;
      const previous = entries.get(key);
      if (previous !== undefined) {
        bytes -= previous.bytes;
        entries.delete(key);
      }
      const size = key.length * 2 + value.body.length + ENTRY_OVERHEAD_BYTES;
      if (size > maxBytes) return;
      entries.set(key, { value, bytes: size, used: false });
      bytes += size;
      evict();
    },
    /** The parameter names `target`'s template uses, when it was rendered since the last change. */
    parametersOf: (target: string) => parameterNames.get(target),
    setParameters(target: string, names: ReadonlySet<string>, readSince: number) {
      if (readSince === generation) parameterNames.set(target, names);
    },
    /** Bytes held now (for tests and health). */
    size: () => bytes,
    /** Lookups that found a result, and those that did not, since start (for /metrics). */
    lookups: (): Readonly<{ hits: number; misses: number }> => lookups,
    /** Forgets every result: after a change made here, or one made elsewhere (`db/cache-sync.ts`). */
    clear() {
      generation += 1;
      entries = new Map();
      parameterNames = new Map();
      bytes = 0;
    },
  };
}
export type RenderCache = ReturnType<typeof createRenderCache>;
