import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, refusesWrites } from './unavailable.js';

const failure = (code: string, message = 'failed') => Object.assign(new Error(message), { code });

describe('database errors that answer 503 rather than 500', () => {
  it('tells a database that cannot be reached, is busy or cannot write from one that refuses the statement', () => {
    const unreachable = ['ECONNREFUSED', 'ETIMEDOUT', '08006', '57P01', '57014', 'SQLITE_BUSY', 'SQLITE_LOCKED'];
    const refusing = [
      'SQLITE_FULL',
      'SQLITE_IOERR_WRITE',
      'SQLITE_READONLY',
      'SQLITE_CORRUPT',
      '53100',
      '58030',
      '25006',
    ];
    for (const code of [...unreachable, ...refusing]) expect(isDatabaseUnavailable(failure(code)), code).toBe(true);
    for (const code of unreachable) expect(refusesWrites(failure(code)), code).toBe(false);
    for (const code of refusing) expect(refusesWrites(failure(code)), code).toBe(true);
    // The statement's own fault: a bad row, a broken constraint, a syntax error. These isolate the row instead.
    for (const code of ['SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_ERROR', '23505', '22P02', '42601']) {
      expect(isDatabaseUnavailable(failure(code)), code).toBe(false);
      expect(refusesWrites(failure(code)), code).toBe(false);
    }
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable('not an error')).toBe(false);
  });
});
