import { createHash } from 'node:crypto';

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

/**
 * Rendered results per (target, parameters), so polls from a fleet cost a map lookup. Every change that can alter a
 * result (a template, a constant, an alias, a group) clears the whole cache and starts a new generation; a result
 * computed from reads that began in an earlier generation is not stored, so a render racing a change cannot
 * outlive it. Other controllers on the same database hear of each `clear()` (`db/cache-sync.ts`).
 */
export function createRenderCache(maxEntries = 50_000) {
  const entries = new Map<string, ServedToml>();
  const listeners: Array<() => void> = [];
  let generation = 0;
  const clearLocal = () => {
    generation += 1;
    entries.clear();
  };
  return {
    get: (key: string) => entries.get(key),
    /** Take it before the first read a result depends on, and hand it to `set`. */
    generation: () => generation,
    set(key: string, value: ServedToml, readSince: number) {
      if (readSince !== generation) return;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, value);
    },
    /** After a change made here: forgets every result, here and (through the listeners) elsewhere. */
    clear() {
      clearLocal();
      for (const listener of listeners) listener();
    },
    /** Forgets every result because of a change made elsewhere. */
    clearLocal,
    onInvalidate(listener: () => void) {
      listeners.push(listener);
    },
  };
}
export type RenderCache = ReturnType<typeof createRenderCache>;
