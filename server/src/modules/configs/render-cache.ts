import { createHash } from 'node:crypto';

export interface RenderedToml {
  body: Buffer;
  /** Strong validator: the SHA-256 of the bytes. */
  etag: string;
  /** An HTTP date derived from the same hash: it changes exactly when the rendered bytes change. */
  lastModified: string;
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

/** Rendered results per (target, version, parameters), so HEAD polls from a fleet cost a map lookup. */
export function createRenderCache(maxEntries = 50_000) {
  const entries = new Map<string, RenderedToml>();
  return {
    get: (key: string) => entries.get(key),
    set(key: string, value: RenderedToml) {
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(key, value);
    },
    /** Any change to a template, a constant, an alias or a group: forget everything. */
    clear: () => entries.clear(),
  };
}
export type RenderCache = ReturnType<typeof createRenderCache>;
