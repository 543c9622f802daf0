import { sha256Hex } from '../../lib/crypto.js';
import type { AuditLogTable } from '../../db/schema.js';

/** The hash the first entry links to. */
export const GENESIS = '0'.repeat(64);

/** What an entry says, as hashed: every column but `hash` itself, in this order. */
export type AuditFields = Omit<AuditLogTable, 'hash' | 'seq'> & { seq: number };

/** JSON with object keys sorted at every depth: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sorted(value));
}

function sorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sorted);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sorted((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}

/** SHA-256 (hex) over the canonical encoding of an entry, its previous entry's hash included. */
export function entryHash(fields: AuditFields): string {
  return sha256Hex(
    JSON.stringify([
      fields.seq,
      fields.at,
      fields.action,
      fields.outcome,
      fields.actorType,
      fields.actorId,
      fields.actorName,
      fields.tokenOwnerId,
      fields.ip,
      fields.userAgent,
      fields.targetType,
      fields.targetId,
      fields.targetName,
      fields.details,
      fields.prevHash,
    ]),
  );
}
