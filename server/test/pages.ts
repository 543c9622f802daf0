import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';

interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

const withQuery = (url: string, query: string) => `${url}${url.includes('?') ? '&' : '?'}${query}`;

/**
 * Walks a list `limit` items at a time, as a client does with `nextCursor`, and returns every item in the order
 * served. Each page holds `limit` items until the last, whose cursor is null, and every page gives the same total.
 */
export async function readAllPages<T>(
  app: FastifyInstance,
  headers: Record<string, string>,
  url: string,
  limit: number,
): Promise<{ items: T[]; pages: number; total: number }> {
  const items: T[] = [];
  let cursor: string | null = null;
  let total: number | undefined;
  let pages = 0;
  do {
    const query: string = `limit=${limit}${cursor === null ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const response = await app.inject({ method: 'GET', url: withQuery(url, query), headers });
    expect(response.statusCode, response.body).toBe(200);
    const page = response.json() as Page<T>;
    total ??= page.total;
    expect(page.total).toBe(total);
    if (page.nextCursor !== null) expect(page.items).toHaveLength(limit);
    else expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor !== null);
  expect(items).toHaveLength(total);
  return { items, pages, total };
}

/** A cursor as the server encodes one (base64url JSON), holding whatever a forger chose. */
export const forgedCursor = (values: unknown[]) => Buffer.from(JSON.stringify(values)).toString('base64url');

/** Each cursor, which this server did not issue, is a 400 problem document pointing at /cursor. */
export async function expectCursorsRefused(
  app: FastifyInstance,
  headers: Record<string, string>,
  url: string,
  cursors: readonly string[] = ['not-a-cursor', forgedCursor(['a', 'b', 'c', 'd'])],
): Promise<void> {
  for (const cursor of cursors) {
    const response = await app.inject({
      method: 'GET',
      url: withQuery(url, `cursor=${encodeURIComponent(cursor)}`),
      headers,
    });
    expect(response.statusCode, cursor).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/cursor' }] });
  }
}
