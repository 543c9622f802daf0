import { AppError } from '../http/errors.js';
import { isStorable } from './text.js';

/** Opaque keyset cursors: the sort key of the last row, base64url-encoded JSON. */
export function encodeCursor(values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string, length: number): (string | number)[] {
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === length &&
      values.every((v) => (typeof v === 'string' && isStorable(v)) || (typeof v === 'number' && Number.isFinite(v)))
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
