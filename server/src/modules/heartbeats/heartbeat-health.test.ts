import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';
import { team } from '../../../test/factories.js';

describe(`the heartbeat service's health on ${engine}`, () => {
  it('says what keeps heartbeats out: no usable token, a failed status pass, and nothing once all is well', async () => {
    const { app, database, services } = await createTestApp();
    const members = await team(app, database);
    const health = async () =>
      (await app.inject({ method: 'GET', url: '/api/heartbeat/health', headers: members.viewer.headers })).json();
    expect(await health()).toMatchObject({
      status: 'warning',
      service: { running: true, authEnabled: true },
      database: { connected: true },
      tokens: { heartbeatCapable: 0 },
      buffer: { pending: 0, dropped: 0, writing: true },
      scheduler: { leader: true, lastRunAt: null },
    });
    await app.inject({
      method: 'POST',
      url: '/api/tokens',
      headers: members.manager.headers,
      payload: { name: 'agents', preset: 'telegraf-agent' },
    });
    // A viewer's token cannot send heartbeats, whatever it asked for.
    await app.inject({ method: 'POST', url: '/api/tokens', headers: members.viewer.headers, payload: { name: 'v' } });
    const healthy = await health();
    expect(healthy).toMatchObject({ status: 'ok', tokens: { heartbeatCapable: 1 } });
    services.status.recordPass(new Date(), new Error('the pass broke'));
    expect(await health()).toMatchObject({
      status: 'warning',
      message: expect.stringContaining('status check failed'),
      scheduler: { lastError: 'the pass broke' },
    });
    services.status.recordPass(new Date());
    expect((await health()).status).toBe('ok');
    expect((await app.inject({ method: 'GET', url: '/api/heartbeat/health' })).statusCode).toBe(401);
  });

  it('needs no token when the heartbeat group is opened to anyone', async () => {
    const { app } = await createTestApp({ options: { disableAuthEndpoints: ['heartbeat'] } });
    const answer = await app.inject({ method: 'GET', url: '/api/heartbeat/health' });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({ status: 'ok', service: { authEnabled: false } });
  });
});
