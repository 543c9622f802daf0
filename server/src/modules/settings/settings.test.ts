import { describe, expect, it } from 'vitest';
import { createTestApp, engine, testOptions } from '../../../test/harness.js';
import { callerWithRole } from '../../../test/factories.js';
import { seedSettings } from './settings.service.js';

describe(`settings on ${engine}`, () => {
  it('are seeded from the environment on the first start and authoritative in the database afterwards', async () => {
    const { app, database } = await createTestApp({
      options: {
        loginLockoutAttempts: 9,
        loginLockoutMinutes: 30,
        passwordComplexity: 'medium',
        auditLogRetention: 720,
      },
    });
    const admin = await callerWithRole(app, database, 'administrator');
    const read = async () => (await app.inject({ method: 'GET', url: '/api/settings', headers: admin.headers })).json();
    expect(await read()).toEqual({
      loginLockoutAttempts: 9,
      loginLockoutMinutes: 30,
      passwordComplexity: 'medium',
      publicUiUrl: null,
      publicApiUrl: null,
      publicHeartbeatUrl: null,
      auditRetentionHours: 720,
      duplicateWindowMinutes: 10,
      outdatedGraceMinutes: 10,
      requireApproval: false,
      secondFactorRoles: [],
    });
    await seedSettings(database.db, testOptions({ loginLockoutAttempts: 2, passwordComplexity: 'high' }));
    expect((await read()).loginLockoutAttempts).toBe(9);
  });

  it('PATCH sets what is present, keeps what is absent and clears a URL with null', async () => {
    const { app, database } = await createTestApp();
    const owner = await callerWithRole(app, database, 'owner');
    const patch = (payload: object) =>
      app.inject({ method: 'PATCH', url: '/api/settings', headers: owner.headers, payload });
    const first = await patch({
      publicApiUrl: 'https://api.example.test:8888',
      publicHeartbeatUrl: 'http://hb.example.test:8000',
    });
    expect(first.json()).toMatchObject({ publicApiUrl: 'https://api.example.test:8888', loginLockoutAttempts: 5 });
    const second = await patch({ publicApiUrl: null });
    expect(second.json()).toMatchObject({ publicApiUrl: null, publicHeartbeatUrl: 'http://hb.example.test:8000' });
  });

  it('refuses bad values naming the field', async () => {
    const { app, database } = await createTestApp();
    const owner = await callerWithRole(app, database, 'owner');
    const cases: Array<[object, string]> = [
      [{ publicUiUrl: 'https://tc.example.test/' }, '/publicUiUrl'],
      [{ publicUiUrl: 'ftp://tc.example.test' }, '/publicUiUrl'],
      [{ loginLockoutAttempts: 0 }, '/loginLockoutAttempts'],
      [{ passwordComplexity: 'extreme' }, '/passwordComplexity'],
      [{ auditRetentionHours: 5 }, '/auditRetentionHours'],
      [{ secondFactorRoles: ['manager', 'manager'] }, '/secondFactorRoles'],
      [{ secondFactorRoles: ['superuser'] }, '/secondFactorRoles/0'],
      [{ sessionSecret: 'x' }, '/sessionSecret'],
    ];
    for (const [payload, pointer] of cases) {
      const response = await app.inject({ method: 'PATCH', url: '/api/settings', headers: owner.headers, payload });
      expect(response.statusCode, JSON.stringify(payload)).toBe(400);
      expect(response.json().errors[0].pointer, JSON.stringify(payload)).toBe(pointer);
    }
    const slash = await app.inject({
      method: 'PATCH',
      url: '/api/settings',
      headers: owner.headers,
      payload: { publicApiUrl: 'http://x.example/' },
    });
    expect(slash.json().errors).toEqual([
      { pointer: '/publicApiUrl', message: 'must be an absolute http(s) URL without a trailing slash' },
    ]);
  });
});
