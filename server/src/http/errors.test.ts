import { Type } from 'typebox';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.js';

const Echo = Type.Object({ name: Type.String({ maxLength: 8 }) }, { additionalProperties: false });

async function appWithEcho() {
  return createTestApp({
    routes: (app) => {
      app.post(
        '/api/test-echo',
        { config: { access: 'public' }, schema: { body: Echo } },
        async (request) => request.body,
      );
      app.get('/api/test-crash', { config: { access: 'public' } }, async () => {
        throw new Error('secret database password is hunter2');
      });
    },
  });
}

function expectProblem(response: { headers: Record<string, unknown>; body: string }) {
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  expect(body).toMatchObject({ type: expect.any(String), title: expect.any(String), detail: expect.any(String) });
  expect(response.body).not.toMatch(/\bat .*\.(js|ts):\d+/);
  return body;
}

describe('problem+json errors', () => {
  it('an unknown API route is a 404 problem naming the route', async () => {
    const { app } = await createTestApp();
    const response = await app.inject({ method: 'GET', url: '/api/nope?token=abc' });
    expect(response.statusCode).toBe(404);
    const body = expectProblem(response);
    expect(body).toMatchObject({ status: 404, code: 'not_found', detail: 'No route GET /api/nope' });
  });

  it('a malformed JSON body is a 400 problem', async () => {
    const { app } = await appWithEcho();
    const response = await app.inject({
      method: 'POST',
      url: '/api/test-echo',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(response.statusCode).toBe(400);
    expect(expectProblem(response)).toMatchObject({ code: 'validation_failed', status: 400 });
  });

  it('a schema violation names the field and the rule', async () => {
    const { app } = await appWithEcho();
    const response = await app.inject({ method: 'POST', url: '/api/test-echo', payload: { name: 'far too long' } });
    expect(response.statusCode).toBe(400);
    const body = expectProblem(response);
    expect(body.errors).toEqual([{ pointer: '/name', message: 'must NOT have more than 8 characters' }]);
    expect(body.detail).toBe('/name must NOT have more than 8 characters');
  });

  it('an unknown field and a missing field are each named', async () => {
    const { app } = await appWithEcho();
    const extra = await app.inject({ method: 'POST', url: '/api/test-echo', payload: { name: 'a', admin: true } });
    expect(JSON.parse(extra.body).errors).toEqual([{ pointer: '/admin', message: 'is not an accepted field' }]);
    const missing = await app.inject({ method: 'POST', url: '/api/test-echo', payload: {} });
    expect(JSON.parse(missing.body).errors[0].pointer).toBe('/name');
  });

  it('a body over the 1 MiB API limit is a 413 problem', async () => {
    const { app } = await appWithEcho();
    const response = await app.inject({
      method: 'POST',
      url: '/api/test-echo',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(1024 * 1024) }),
    });
    expect(response.statusCode).toBe(413);
    expect(expectProblem(response)).toMatchObject({ code: 'payload_too_large' });
  });

  it('a body that is not JSON is a 415 problem', async () => {
    const { app } = await appWithEcho();
    const response = await app.inject({
      method: 'POST',
      url: '/api/test-echo',
      headers: { 'content-type': 'text/plain' },
      payload: 'name=x',
    });
    expect(response.statusCode).toBe(415);
    expect(expectProblem(response)).toMatchObject({ code: 'unsupported_media_type' });
  });

  it('an unexpected failure is a 500 problem that leaks neither message nor stack', async () => {
    const { app } = await appWithEcho();
    const response = await app.inject({ method: 'GET', url: '/api/test-crash' });
    expect(response.statusCode).toBe(500);
    expect(expectProblem(response)).toMatchObject({ code: 'internal' });
    expect(response.body).not.toContain('hunter2');
  });
});
