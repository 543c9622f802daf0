import { AppError } from '../http/errors.js';
import { isStorable } from './text.js';

/** Opaque keyset cursors: the sort key of the last row, base64url-encoded JSON. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

/** What one value of a cursor must be, when the column it is compared with is not text. */
export type CursorValueKind = 'string' | 'integer' | 'timestamp';

const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|[+-]\d{2}:\d{2})$/;

function isOfKind(value: string | number, kind: CursorValueKind | undefined): boolean {
  if (kind === 'integer') return Number.isSafeInteger(value);
  if (typeof value !== 'string') return false;
  return kind !== 'timestamp' || (ISO_TIMESTAMP.test(value) && !Number.isNaN(Date.parse(value)));
}

/**
 * The values of a cursor this server issued, `length` of them; with `kinds`, each must also be of its kind:
 * PostgreSQL fails a comparison of an integer or timestamp column with text that is neither, so a forged cursor is
 * refused here, as a 400, instead.
 */
export function decodeCursor(cursor: string, length: number, kinds?: readonly CursorValueKind[]): (string | number)[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((v) => (typeof v === 'string' && isStorable(v)) || (typeof v === 'number' && Number.isFinite(v))) &&
      (kinds === undefined || values.every((v, index) => isOfKind(v, kinds[index])))
    ) {
      return values;
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('validation_failed', 'cursor is not one this server issued', {
    errors: [{ pointer: '/cursor', message: 'is not a cursor this server issued (in query)' }],
  });
}
