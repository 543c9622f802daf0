import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../../test/harness.js';

describe(`single sign-on while OIDC is off on ${engine}`, () => {
  it('refuses to start with 403 and sends a callback back to the sign-in page', async () => {
    const { app } = await createTestApp();
    const start = await app.inject({ method: 'GET', url: '/api/auth/oidc/login' });
    expect(start.statusCode).toBe(403);
    expect(start.json()).toMatchObject({ code: 'provider_disabled' });
    const callback = await app.inject({ method: 'GET', url: '/api/auth/oidc/callback?code=x&state=y' });
    expect(callback.statusCode).toBe(302);
    expect(callback.headers.location).toBe('/login?sso_error=disabled_provider');
    expect(String(callback.headers['set-cookie'])).toContain('tc_oidc=;');
    expect((await app.inject({ method: 'GET', url: '/api/auth/status' })).json().providers).toEqual(['local']);
  });
});
