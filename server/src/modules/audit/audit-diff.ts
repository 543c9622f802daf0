import { sha256Hex } from '../../lib/crypto.js';
import { unifiedDiff } from '../../lib/diff.js';

/** The longest TOML diff an entry keeps; a longer one is cut and says so (the digests still tell the versions). */
export const MAX_AUDIT_DIFF = 64 * 1024;

/** A configuration's change as an entry's details: the unified diff (cut past 64 KiB) and both versions' SHA-256. */
export function tomlChange(before: string, after: string, labels: [string, string]): Record<string, unknown> {
  const diff = unifiedDiff(before, after, labels);
  return {
    diff: diff.length > MAX_AUDIT_DIFF ? diff.slice(0, MAX_AUDIT_DIFF) : diff,
    ...(diff.length > MAX_AUDIT_DIFF ? { diffTruncated: true } : {}),
    sha256: { before: sha256Hex(before), after: sha256Hex(after) },
  };
}
