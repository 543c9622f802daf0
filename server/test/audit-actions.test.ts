import type { FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '@telegraf-controller/contract/audit';
import { PASSWORD, callerWithRole, createConfig, createToken, createUser, signIn, type Caller } from './factories.js';
import { runStatusPass } from '../src/modules/agents/status-scheduler.js';
import { recordStatusPass } from '../src/modules/audit/system-events.js';
import { parseHeartbeat } from '../src/modules/heartbeats/heartbeat-message.js';
import { authenticator, clearOfTotpStepEdge } from './authenticator.js';
import { createTestApp, engine } from './harness.js';

/** Every action the issue lists leaves its entry: each test drives the routes and reads the log back. */
async function entries(app: FastifyInstance, reader: Caller, action: string): Promise<AuditEntry[]> {
  const answer = await app.inject({ method: 'GET', url: `/api/audit-logs?action=${action}`, headers: reader.headers });
  expect(answer.statusCode).toBe(200);
  return answer.json().items;
}

describe(`audited actions on ${engine}`, () => {
  it('sign-in, a refused sign-in and sign-out, with who, from where and how', async () => {
    const { app, database } = await createTestApp();
    const owner = await callerWithRole(app, database, 'owner');
    const user = await createUser(database, 'viewer', { username: 'vera' });
    const login = (password: string) =>
      app.inject({
        method: 'POST',
        url: '/api/auth/login',
        headers: { 'user-agent': 'audit-test/1.0' },
        payload: { username: 'vera', password },
      });
    expect((await login('wrong')).statusCode).toBe(401);
    // A password typed into the username field: refused, recorded without the typed text.
    const typo = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'Hunter2-secret!', password: 'anything' },
    });
    expect(typo.statusCode).toBe(401);
    const good = await login(PASSWORD);
    const cookie = String(good.headers['set-cookie']).split(';')[0]!;
    await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie, 'x-requested-with': 'XMLHttpRequest' },
    });

    const logins = (await entries(app, owner, 'user.login')).filter(
      (entry) => entry.actor.name === 'vera' || entry.target?.id === user.id,
    );
    expect(logins.map((entry) => entry.outcome)).toEqual(['success', 'failure']);
    expect(logins[0]).toMatchObject({
      actor: { type: 'user', id: user.id, name: 'vera' },
      target: { type: 'user', id: user.id },
      ip: '127.0.0.1',
      userAgent: 'audit-test/1.0',
      details: { provider: 'local' },
    });
    expect(logins[1]).toMatchObject({
      actor: { id: user.id, name: 'vera' },
      details: { provider: 'local', reason: 'invalid_credentials' },
    });
    const unknown = (await entries(app, owner, 'user.login')).filter((entry) => entry.details.unknownAccount === true);
    expect(unknown).toHaveLength(1);
    expect(unknown[0]).toMatchObject({ outcome: 'failure', actor: { id: null, name: null } });
    expect(JSON.stringify(await entries(app, owner, 'user.login'))).not.toContain('Hunter2');
    const [logout] = await entries(app, owner, 'user.logout');
    expect(logout).toMatchObject({ actor: { type: 'user', id: user.id }, outcome: 'success' });
  });

  it('configurations: create, update with the TOML diff, rollback, notes, prune, delete and bulk delete', async () => {
    const { app, database } = await createTestApp();
    const owner = await callerWithRole(app, database, 'owner');
    const token = await createToken(app, owner, { permissions: ['configs:read', 'configs:write', 'configs:delete'] });
    const byToken = { user: owner.user, headers: { authorization: token.authorization } };
    const config = await createConfig(app, byToken, { toml: '[agent]\n  interval = "10s"\n' });
    const call = (method: 'PATCH' | 'POST' | 'DELETE', url: string, payload?: object) =>
      app.inject({ method, url, headers: owner.headers, ...(payload ? { payload } : {}) });
    expect(
      (await call('PATCH', `/api/configs/${config.id}`, { toml: '[agent]\n  interval = "20s"\n', name: 'renamed' }))
        .statusCode,
    ).toBe(200);
    expect((await call('POST', `/api/configs/${config.id}/versions/1/rollback`)).statusCode).toBe(200);
    expect((await call('PATCH', `/api/configs/${config.id}/versions/2`, { note: 'why' })).statusCode).toBe(200);
    expect((await call('DELETE', `/api/configs/${config.id}/versions?versions=1`)).statusCode).toBe(200);
    expect((await call('DELETE', `/api/configs/${config.id}`)).statusCode).toBe(204);
    const [a, b] = [await createConfig(app, owner), await createConfig(app, owner)];
    expect((await call('POST', '/api/configs/bulk/delete', { ids: [a.id, b.id] })).statusCode).toBe(200);

    const [created] = (await entries(app, owner, 'config.create')).filter((entry) => entry.target?.id === config.id);
    expect(created).toMatchObject({
      actor: { type: 'token', id: token.id, tokenOwnerId: owner.user.id },
      target: { type: 'config', id: config.id, name: config.name },
      details: { version: 1 },
    });
    const [updated] = await entries(app, owner, 'config.update');
    expect(updated!.details).toMatchObject({ name: { from: config.name, to: 'renamed' }, version: 2 });
    expect(updated!.details.diff).toContain('-  interval = "10s"\n+  interval = "20s"');
    expect((await entries(app, owner, 'config.rollback'))[0]!.details).toMatchObject({ version: 3 });
    expect((await entries(app, owner, 'config.version.note'))[0]!.details).toEqual({
      version: 2,
      note: { from: null, to: 'why' },
    });
    expect((await entries(app, owner, 'config.version.prune'))[0]!.details).toEqual({ versions: [1] });
    const deleted = await entries(app, owner, 'config.delete');
    expect(deleted.map((entry) => entry.target?.id).sort()).toEqual([config.id, a.id, b.id].sort());
    expect(JSON.stringify(await entries(app, owner, 'config.create'))).not.toContain(token.token);
    expect((await app.inject({ method: 'GET', url: '/api/audit-logs/verify', headers: owner.headers })).json().ok).toBe(
      true,
    );
  });

  it('tokens: create, revoke, reassign, delete and bulk, never with a token value', async () => {
    const { app, database } = await createTestApp();
    const owner = await callerWithRole(app, database, 'owner');
    const manager = await callerWithRole(app, database, 'manager');
    const call = (method: 'POST' | 'DELETE', url: string, payload?: object) =>
      app.inject({ method, url, headers: owner.headers, ...(payload ? { payload } : {}) });
    const [one, two, three] = [
      await createToken(app, owner),
      await createToken(app, owner),
      await createToken(app, owner),
    ];
    expect((await call('POST', `/api/tokens/${one.id}/revoke`)).statusCode).toBe(200);
    expect((await call('POST', `/api/tokens/${two.id}/reassign`, { userId: manager.user.id })).statusCode).toBe(200);
    expect((await call('DELETE', `/api/tokens/${two.id}`)).statusCode).toBe(204);
    expect((await call('POST', '/api/tokens/bulk', { action: 'revoke', ids: [three.id] })).statusCode).toBe(200);

    const [created] = (await entries(app, owner, 'token.create')).filter((entry) => entry.target?.id === one.id);
    expect(created).toMatchObject({
      actor: { type: 'user', id: owner.user.id },
      target: { type: 'token', name: one.name },
    });
    expect(created!.details).toHaveProperty('permissions');
    const revoked = await entries(app, owner, 'token.revoke');
    expect(revoked.map((entry) => [entry.target?.id, entry.details.bulk ?? false])).toEqual([
      [three.id, true],
      [one.id, false],
    ]);
    expect((await entries(app, owner, 'token.reassign'))[0]!.details).toMatchObject({
      from: owner.user.id,
      to: manager.user.id,
    });
    expect((await entries(app, owner, 'token.delete'))[0]!.target?.id).toBe(two.id);
    const everything = JSON.stringify(
      (await app.inject({ method: 'GET', url: '/api/audit-logs?limit=500', headers: owner.headers })).json(),
    );
    for (const token of [one, two, three]) expect(everything).not.toContain(token.token);
  });

  it('users, settings and authentication settings: each change with its before and after', async () => {
    const { app, database } = await createTestApp();
    const owner = await callerWithRole(app, database, 'owner');
    const admin = await createUser(database, 'administrator');
    const user = await createUser(database, 'viewer');
    const call = (method: 'PATCH' | 'POST' | 'DELETE', url: string, payload?: object) =>
      app.inject({ method, url, headers: owner.headers, ...(payload ? { payload } : {}) });
    expect((await call('PATCH', `/api/users/${user.id}`, { role: 'manager' })).statusCode).toBe(200);
    expect((await call('POST', `/api/users/${user.id}/disable`)).statusCode).toBe(200);
    expect((await call('POST', `/api/users/${user.id}/enable`)).statusCode).toBe(200);
    expect((await call('DELETE', `/api/users/${user.id}`)).statusCode).toBe(204);
    expect((await call('PATCH', '/api/settings', { loginLockoutAttempts: 7 })).statusCode).toBe(200);
    const rules = {
      strategy: 'auto_create',
      defaultRole: 'viewer',
      allowedDomains: [],
      autoLink: false,
      onNoMatch: 'reject',
      mappings: [],
    };
    expect((await call('PATCH', '/api/auth/settings', { ldap: rules })).statusCode).toBe(200);
    expect((await call('POST', `/api/users/${admin.id}/transfer-ownership`)).statusCode).toBe(200);

    const reader = { user: admin, headers: await signIn(app, admin.username) };
    expect((await entries(app, reader, 'user.role_change'))[0]!.details).toEqual({
      role: { from: 'viewer', to: 'manager' },
    });
    expect((await entries(app, reader, 'user.disable'))[0]!.target?.id).toBe(user.id);
    expect((await entries(app, reader, 'user.enable'))[0]!.target?.id).toBe(user.id);
    expect((await entries(app, reader, 'user.delete'))[0]!.details).toMatchObject({ role: 'manager' });
    expect((await entries(app, reader, 'settings.update'))[0]!.details).toEqual({
      loginLockoutAttempts: { from: 5, to: 7 },
    });
    expect((await entries(app, reader, 'auth_settings.update'))[0]).toMatchObject({
      target: { type: 'auth_settings', id: 'ldap' },
      details: { from: { strategy: 'invite_only' }, to: { strategy: 'auto_create', onNoMatch: 'reject' } },
    });
    expect((await entries(app, reader, 'user.ownership_transfer'))[0]).toMatchObject({
      actor: { id: owner.user.id },
      details: { from: owner.user.id, to: admin.id },
    });
  });

  it('refusals are counted per caller, route and minute; a status pass is one entry per direction; people delete agents', async () => {
    const { app, database, services } = await createTestApp();
    const owner = await callerWithRole(app, database, 'owner');
    const viewer = await callerWithRole(app, database, 'viewer');
    for (let i = 0; i < 3; i++) {
      expect(
        (await app.inject({ method: 'POST', url: '/api/configs', headers: viewer.headers, payload: { name: `x${i}` } }))
          .statusCode,
      ).toBe(403);
    }
    await services.denials.flush();
    const [denied] = await entries(app, owner, 'request.denied');
    expect(denied).toMatchObject({
      outcome: 'denied',
      actor: { type: 'user', id: viewer.user.id },
      target: { type: 'route', id: 'POST /api/configs' },
      details: { count: 3 },
    });

    const now = Date.now();
    for (const id of ['quiet-1', 'quiet-2', 'gone-1']) {
      services.heartbeats.accept(parseHeartbeat({ id, version: 'v', status: 'OK' }), null, now - 3_600_000);
    }
    await services.heartbeats.flush();
    const result = await runStatusPass(database, now);
    expect(result.ran).toBe(true);
    if (result.ran) await recordStatusPass(services.audit, result);
    const [registered] = await entries(app, owner, 'agent.register');
    expect(registered).toMatchObject({ actor: { type: 'system' }, details: { count: 3 } });
    expect((registered!.details.agents as string[]).sort()).toEqual(['gone-1', 'quiet-1', 'quiet-2']);
    const [silent] = await entries(app, owner, 'agent.not_reporting');
    expect(silent).toMatchObject({ actor: { type: 'system' }, details: { count: 3 } });
    expect((silent!.details.agents as string[]).sort()).toEqual(['gone-1', 'quiet-1', 'quiet-2']);
    // quiet-1 reports again: the next pass records its return, once.
    services.heartbeats.accept(parseHeartbeat({ id: 'quiet-1', version: 'v', status: 'OK' }), null, now);
    await services.heartbeats.flush();
    for (let pass = 0; pass < 2; pass++) {
      const next = await runStatusPass(database, now + 1_000);
      if (next.ran) await recordStatusPass(services.audit, next);
    }
    const back = await entries(app, owner, 'agent.reporting_again');
    expect(back).toHaveLength(1);
    expect(back[0]).toMatchObject({ actor: { type: 'system' }, details: { count: 1, agents: ['quiet-1'] } });

    expect((await app.inject({ method: 'DELETE', url: '/api/agents/gone-1', headers: owner.headers })).statusCode).toBe(
      204,
    );
    const bulk = await app.inject({
      method: 'POST',
      url: '/api/agents/bulk/delete',
      headers: owner.headers,
      payload: { ids: ['quiet-1', 'quiet-2'] },
    });
    expect(bulk.statusCode).toBe(200);
    const deleted = await entries(app, owner, 'agent.delete');
    const sorted = (details: Record<string, unknown>) => ({
      ...details,
      agents: [...(details.agents as string[])].sort(),
    });
    expect(deleted.map((entry) => sorted(entry.details))).toEqual([
      { count: 2, agents: ['quiet-1', 'quiet-2'] },
      { count: 1, agents: ['gone-1'] },
    ]);
    expect(deleted[1]).toMatchObject({ actor: { id: owner.user.id }, target: { type: 'agent', id: 'gone-1' } });
  });

  it('invites, password resets and second factors: issued, used, removed', async () => {
    const { app, database } = await createTestApp();
    const owner = await callerWithRole(app, database, 'owner');
    const post = (url: string, payload?: object, headers: Record<string, string> = owner.headers) =>
      app.inject({ method: 'POST', url, headers, ...(payload ? { payload } : {}) });
    const invite = (await post('/api/invites', { username: 'ivy', email: 'ivy@example.test', role: 'viewer' })).json();
    const accepted = await post(
      `/api/invites/accept/${invite.url.split('/invite/')[1]}`,
      { password: 'ivy password' },
      {},
    );
    expect(accepted.statusCode).toBe(201);
    const ivy = accepted.json().user;
    const other = (await post('/api/invites', { username: 'otto', email: 'otto@example.test', role: 'viewer' })).json();
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/invites/${other.id}`, headers: owner.headers })).statusCode,
    ).toBe(204);
    const link = (await post(`/api/users/${ivy.id}/password-reset`, {})).json();
    expect(
      (
        await post(
          `/api/password-resets/complete/${link.url.split('/reset-password/')[1]}`,
          { password: 'new ivy password' },
          {},
        )
      ).statusCode,
    ).toBe(204);

    const headers = await signIn(app, 'ivy', 'new ivy password');
    const begun = (
      await post('/api/account/second-factor/enrolment', { password: 'new ivy password' }, headers)
    ).json();
    await clearOfTotpStepEdge();
    const code = authenticator(begun.secret).code(-1);
    expect((await post('/api/account/second-factor/confirmation', { code }, headers)).statusCode).toBe(200);
    expect(
      (await app.inject({ method: 'DELETE', url: `/api/users/${ivy.id}/second-factor`, headers: owner.headers }))
        .statusCode,
    ).toBe(204);

    expect((await entries(app, owner, 'invite.create')).map((entry) => entry.target?.name)).toEqual(['otto', 'ivy']);
    expect((await entries(app, owner, 'invite.accept'))[0]).toMatchObject({
      actor: { id: ivy.id },
      details: { inviteId: invite.id, role: 'viewer', invitedBy: owner.user.id },
    });
    expect((await entries(app, owner, 'invite.delete'))[0]!.target?.id).toBe(other.id);
    expect((await entries(app, owner, 'user.password_reset_link'))[0]).toMatchObject({
      actor: { id: owner.user.id },
      target: { id: ivy.id },
    });
    expect((await entries(app, owner, 'user.password_reset'))[0]).toMatchObject({ actor: { id: ivy.id } });
    expect((await entries(app, owner, 'user.second_factor.enrol'))[0]).toMatchObject({ actor: { id: ivy.id } });
    expect((await entries(app, owner, 'user.second_factor.reset'))[0]).toMatchObject({
      actor: { id: owner.user.id },
      target: { id: ivy.id },
    });
    const everything = JSON.stringify(
      (await app.inject({ method: 'GET', url: '/api/audit-logs?limit=500', headers: owner.headers })).json(),
    );
    for (const secret of [
      invite.url.split('/invite/')[1],
      link.url.split('/reset-password/')[1],
      begun.secret,
      'new ivy password',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });

  it('the fleet: constants (never their values), labels and their assignments, reporting rules, groups and aliases', async () => {
    const { app, database } = await createTestApp();
    const owner = await callerWithRole(app, database, 'owner');
    const call = (method: 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: object) =>
      app.inject({ method, url, headers: owner.headers, ...(payload ? { payload } : {}) });
    const created = async (url: string, payload: object) => {
      const answer = await call('POST', url, payload);
      expect(answer.statusCode, answer.body).toBe(201);
      return answer.json();
    };
    await created('/api/constants', { name: 'INFLUX_TOKEN', value: 'very-secret-value' });
    expect((await call('PATCH', '/api/constants/INFLUX_TOKEN', { value: 'another-secret' })).statusCode).toBe(200);
    expect((await call('DELETE', '/api/constants/INFLUX_TOKEN')).statusCode).toBe(204);
    const label = await created('/api/labels', { name: 'prod' });
    const config = await createConfig(app, owner);
    expect(
      (await call('PUT', '/api/configs/bulk/labels/assign', { ids: [config.id], labelIds: [label.id] })).statusCode,
    ).toBe(200);
    expect((await call('PATCH', `/api/labels/${label.id}`, { name: 'production' })).statusCode).toBe(200);
    expect((await call('DELETE', `/api/labels/${label.id}`)).statusCode).toBe(204);
    const rule = await created('/api/reporting-rules', { description: 'edge', notReportingAfterSeconds: 600 });
    expect((await call('PATCH', `/api/reporting-rules/${rule.id}`, { notReportingAfterSeconds: 900 })).statusCode).toBe(
      200,
    );
    expect((await call('DELETE', `/api/reporting-rules/${rule.id}`)).statusCode).toBe(204);
    const group = await created('/api/config-groups', { name: 'edge-group', configIds: [config.id] });
    expect((await call('PATCH', `/api/config-groups/${group.id}`, { name: 'edge-group-2' })).statusCode).toBe(200);
    await created(`/api/configs/${config.id}/aliases`, { alias: 'edge-latest' });
    expect(
      (await call('POST', '/api/aliases/edge-latest/transfer', { targetType: 'group', targetId: group.id })).statusCode,
    ).toBe(200);
    expect((await call('DELETE', `/api/config-groups/${group.id}/aliases/edge-latest`)).statusCode).toBe(204);
    expect((await call('DELETE', `/api/config-groups/${group.id}`)).statusCode).toBe(204);

    const actions = [
      'constant.create',
      'constant.update',
      'constant.delete',
      'label.create',
      'label.assign',
      'label.update',
      'label.delete',
      'reporting_rule.create',
      'reporting_rule.update',
      'reporting_rule.delete',
      'config_group.create',
      'config_group.update',
      'config_group.delete',
      'alias.create',
      'alias.transfer',
      'alias.delete',
    ];
    for (const action of actions) {
      const [entry] = await entries(app, owner, action);
      expect(entry, action).toMatchObject({ actor: { id: owner.user.id }, outcome: 'success' });
    }
    expect((await entries(app, owner, 'constant.update'))[0]!.details).toEqual({ valueChanged: true });
    expect((await entries(app, owner, 'label.assign'))[0]!.details).toMatchObject({
      targetType: 'config',
      ids: [config.id],
      labelIds: [label.id],
    });
    expect((await entries(app, owner, 'alias.transfer'))[0]!.details).toEqual({
      from: { targetType: 'config', targetId: config.id },
      to: { targetType: 'group', targetId: group.id },
    });
    const everything = JSON.stringify(
      (await app.inject({ method: 'GET', url: '/api/audit-logs?limit=500', headers: owner.headers })).json(),
    );
    expect(everything).not.toContain('very-secret-value');
    expect(everything).not.toContain('another-secret');
  });

  it('the owner’s setup, your own account changes, and moving agents to a reporting rule', async () => {
    const { app, services } = await createTestApp();
    const setup = await app.inject({
      method: 'POST',
      url: '/api/auth/setup',
      payload: { username: 'first', email: 'first@example.test', password: 'first owner password' },
    });
    expect(setup.statusCode).toBe(201);
    const headers = await signIn(app, 'first', 'first owner password');
    const owner = { user: { id: setup.json().id } as Caller['user'], headers };
    expect(
      (await app.inject({ method: 'PATCH', url: '/api/account', headers, payload: { displayName: 'First' } }))
        .statusCode,
    ).toBe(200);
    const change = { currentPassword: 'first owner password', newPassword: 'second owner password' };
    expect(
      (await app.inject({ method: 'POST', url: '/api/account/password', headers, payload: change })).statusCode,
    ).toBe(204);
    services.heartbeats.accept(parseHeartbeat({ id: 'edge-1', version: 'v', status: 'OK' }), null, Date.now());
    await services.heartbeats.flush();
    const rule = (
      await app.inject({
        method: 'POST',
        url: '/api/reporting-rules',
        headers,
        payload: { description: 'edge', notReportingAfterSeconds: 600 },
      })
    ).json();
    const moved = await app.inject({
      method: 'PUT',
      url: '/api/agents/bulk/reporting-rule',
      headers,
      payload: { ids: ['edge-1'], reportingRuleId: rule.id },
    });
    expect(moved.statusCode, moved.body).toBe(200);

    expect((await entries(app, owner, 'user.setup'))[0]).toMatchObject({
      actor: { id: owner.user.id },
      details: { role: 'owner' },
    });
    expect((await entries(app, owner, 'account.update'))[0]!.details).toEqual({
      displayName: { from: null, to: 'First' },
    });
    expect(await entries(app, owner, 'account.password_change')).toHaveLength(1);
    expect((await entries(app, owner, 'agent.rule_assign'))[0]).toMatchObject({
      target: { type: 'reporting_rule', id: rule.id },
      details: { count: 1, agents: ['edge-1'] },
    });
  });
});
