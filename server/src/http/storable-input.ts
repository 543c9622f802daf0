import type { FastifyInstance } from 'fastify';
import { isStorable } from '../lib/text.js';
import { AppError } from './errors.js';

const MAX_DEPTH = 64;

/** The JSON pointer of the first string (or key) no engine stores as sent, or undefined when there is none. */
export function findUnstorable(value: unknown, pointer = '', depth = 0): string | undefined {
  if (typeof value === 'string') return isStorable(value) ? undefined : pointer || '/';
  if (typeof value !== 'object' || value === null || depth > MAX_DEPTH) return undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) {
      const found = findUnstorable(value[i], `${pointer}/${i}`, depth + 1);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  for (const [key, item] of Object.entries(value)) {
    const at = `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!isStorable(key)) return at;
    const found = findUnstorable(item, at, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Refuses, before validation, any path parameter, query value or body string holding NUL or an unpaired UTF-16
 * surrogate: PostgreSQL refuses NUL in text, neither engine stores a lone surrogate, and no name, search or value
 * of this API needs either. One rule for every route, so no handler meets such a string.
 */
export function registerStorableInput(app: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request and has nothing to wait for.
  app.addHook('preValidation', (request, _reply, done) => {
    for (const [where, value] of [
      ['path', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const pointer = findUnstorable(value);
      if (pointer === undefined) continue;
      const rule = 'must not contain NUL characters or unpaired UTF-16 surrogates';
      const suffix = where === 'body' ? '' : ` (in ${where})`;
      done(
        new AppError('validation_failed', `${pointer.slice(0, 200)} ${rule}${suffix}`, {
          errors: [{ pointer: pointer.slice(0, 1024), message: `${rule}${suffix}` }],
        }),
      );
      return;
    }
    done();
  });
}
