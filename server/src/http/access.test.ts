import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../test/harness.js';

describe('declared access', () => {
  it('a route without declared access stops start-up', async () => {
    await expect(
      createTestApp({
        routes: (app) => {
          app.get('/api/undeclared', async () => 'open');
        },
      }),
    ).rejects.toThrow(/GET \/api\/undeclared declares no access/);
  });

  it('a route with an unknown permission stops start-up', async () => {
    await expect(
      createTestApp({
        routes: (app) => {
          app.get('/api/odd', { config: { access: 'configs:fly' as never } }, async () => 'open');
        },
      }),
    ).rejects.toThrow(/declares unknown access "configs:fly"/);
  });

  it('an anonymous caller gets 401 before the body is even parsed', async () => {
    let handled = false;
    const { app } = await createTestApp({
      routes: (app) => {
        app.post('/api/guarded', { config: { access: 'configs:write' } }, async () => {
          handled = true;
          return {};
        });
      },
    });
    const response = await app.inject({
      method: 'POST',
      url: '/api/guarded',
      headers: { 'content-type': 'application/json' },
      payload: '{ not json',
    });
    expect(response.statusCode).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ code: 'unauthorized' });
    expect(handled).toBe(false);
  });

  it('an endpoint group opened by DISABLED_AUTH_ENDPOINTS lets anyone in, and only that group', async () => {
    const { app } = await createTestApp({
      options: { disableAuthEndpoints: ['configs'] },
      routes: (app) => {
        app.get('/api/open', { config: { access: 'configs:read', group: 'configs' } }, async () => ({ ok: 1 }));
        app.get('/api/closed', { config: { access: 'agents:read', group: 'agents' } }, async () => ({ ok: 1 }));
      },
    });
    expect((await app.inject({ method: 'GET', url: '/api/open' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/closed' })).statusCode).toBe(401);
  });

  it('every non-public route of the app refuses an anonymous caller', async () => {
    const { app } = await createTestApp();
    const routes = app.printRoutes({ commonPrefix: false });
    expect(routes).toContain('/api/docs');
    for (const url of ['/api/docs', '/api/docs/openapi.json', '/api/docs/openapi.yaml']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(401);
    }
  });
});
