import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import type { Role } from '@telegraf-controller/contract/permissions';
import type { DatabaseHandle } from '../../src/db/connect.js';
import type { AuthProvisioningTable } from '../../src/db/schema.js';
import { newId } from '../../src/lib/ids.js';
import type { LdapSettings } from '../../src/options.js';
import { DEFAULT_RULES } from '../../src/modules/provisioning/provisioning.service.js';
import { PASSWORD, callerWithRole, createUser, signIn } from '../factories.js';
import { createTestApp, engine, freshDatabaseTarget, silentLogger } from '../harness.js';
import { startTestController } from '../test-controller.js';
import { createLdapDirectory } from '../../src/modules/ldap/ldap-directory.js';
import { runLeaverPass } from '../../src/modules/ldap/ldap-leavers.js';
import { startTcpProxy } from '../tcp-proxy.js';
import { describeLdap, ldapSettings, SERVICE, startSlapd, type Directory } from './slapd.js';

/** The provider's provisioning rules and group mappings, as the settings page would store them. */
async function provision(
  database: DatabaseHandle,
  rules: Partial<AuthProvisioningTable>,
  mappings: Array<[string, Exclude<Role, 'owner'>]> = [],
) {
  await database.db
    .insertInto('authProvisioning')
    .values({ ...DEFAULT_RULES, ...rules, provider: 'ldap', updatedAt: new Date().toISOString() })
    .execute();
  for (const [group, role] of mappings) {
    await database.db
      .insertInto('groupRoleMappings')
      .values({
        id: newId(),
        provider: 'ldap',
        groupName: group,
        groupKey: group.toLowerCase(),
        role,
        createdAt: new Date().toISOString(),
      })
      .execute();
  }
}

async function ldapApp(directory: Directory, overrides: Partial<LdapSettings> = {}) {
  return createTestApp({ options: { ldap: ldapSettings(directory, overrides) } });
}

const login = (
  app: Awaited<ReturnType<typeof ldapApp>>['app'],
  username: string,
  password: string,
  url = '/api/auth/ldap/login',
) => app.inject({ method: 'POST', url, payload: { username, password } });

describeLdap(`LDAP sign-in against OpenLDAP on ${engine}`, () => {
  it('signs in with the right password, and refuses a wrong one, an unknown name and an empty password alike', async () => {
    const directory = await startSlapd();
    await directory.addUser({ uid: 'ada', password: 'ada-secret', mail: 'ada@example.test', displayName: 'Ada L' });
    const { app, database } = await ldapApp(directory);
    await provision(database, { strategy: 'auto_create' });

    const good = await login(app, 'ada', 'ada-secret');
    expect(good.statusCode, good.body).toBe(200);
    expect(good.json().user).toMatchObject({ username: 'ada', role: 'viewer', displayName: 'Ada L' });
    const cookie = String(good.headers['set-cookie']).split(';')[0]!;
    const me = await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } });
    expect(me.json().user.username).toBe('ada');
    const users = await database.db.selectFrom('users').selectAll().where('username', '=', 'ada').execute();
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ authProvider: 'ldap', externalId: directory.userDn('ada'), passwordHash: null });

    // The documented path answers the same.
    expect((await login(app, 'ada', 'ada-secret', '/api/auth/login/ldap')).statusCode).toBe(200);
    for (const [username, password] of [
      ['ada', 'wrong'],
      ['nobody', 'ada-secret'],
      ['ada', ''],
    ] as const) {
      const refused = await login(app, username, password);
      expect(refused.statusCode, `${username}/${password}`).toBe(password === '' ? 400 : 401);
      expect(refused.headers['content-type']).toContain('application/problem+json');
    }
    // A local sign-in with the directory's name finds no local account.
    expect(
      (
        await app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { username: 'ada', password: 'ada-secret' },
        })
      ).statusCode,
    ).toBe(401);
  });

  it('treats filter syntax in a name as text (RFC 4515): no injection matches another entry', async () => {
    const directory = await startSlapd();
    await directory.addUser({ uid: 'bob', password: 'bob-secret', mail: 'bob@example.test' });
    const { app, database } = await ldapApp(directory);
    await provision(database, { strategy: 'auto_create' });
    for (const name of ['*', '*)(uid=*', 'bob)(|(uid=*', 'b*', 'bob\\00', '(uid=bob)', 'bob$&', '$`bob']) {
      const answer = await login(app, name, 'bob-secret');
      expect(answer.statusCode, name).toBe(401);
    }
    expect((await login(app, 'bob', 'bob-secret')).statusCode).toBe(200);
  });

  it('admits by invite only by default, with the invite’s role; the invite is used up', async () => {
    const directory = await startSlapd();
    await directory.addUser({ uid: 'cyd', password: 'cy-secret', mail: 'cy@example.test' });
    const { app, database } = await ldapApp(directory);
    const refused = await login(app, 'cyd', 'cy-secret');
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'sign_in_refused' });
    expect(refused.json().detail).toContain('invite cy@example.test');

    const owner = await callerWithRole(app, database, 'owner');
    const invited = await app.inject({
      method: 'POST',
      url: '/api/invites',
      headers: owner.headers,
      payload: { username: 'cyd', email: 'cy@example.test', role: 'manager', provider: 'ldap' },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const first = await login(app, 'cyd', 'cy-secret');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().user.role).toBe('manager');
    expect(await database.db.selectFrom('invites').selectAll().execute()).toEqual([]);
    // Signed in again, the invite's role stands in for the default role.
    expect((await login(app, 'cyd', 'cy-secret')).json().user.role).toBe('manager');
  });

  it('maps groups to roles, the highest wins, and a group change applies at the next sign-in', async () => {
    const directory = await startSlapd();
    await directory.addUser({ uid: 'dee', password: 'dee-secret', mail: 'dee@example.test' });
    await directory.addUser({ uid: 'eve', password: 'eve-secret', mail: 'eve@example.test' });
    await directory.setGroup('ops', ['dee', 'eve']);
    await directory.setGroup('admins', ['dee']);
    const { app, database } = await ldapApp(directory);
    await provision(database, { strategy: 'auto_create' }, [
      [directory.groupDn('ops').toUpperCase(), 'manager'],
      [directory.groupDn('admins'), 'administrator'],
    ]);
    expect((await login(app, 'dee', 'dee-secret')).json().user.role).toBe('administrator');
    expect((await login(app, 'eve', 'eve-secret')).json().user.role).toBe('manager');

    await directory.setGroup('admins', []);
    expect((await login(app, 'dee', 'dee-secret')).json().user.role).toBe('manager');
    await directory.setGroup('ops', []);
    // No group maps now: the default role.
    expect((await login(app, 'eve', 'eve-secret')).json().user.role).toBe('viewer');
  });

  it('auto-links a local account by its email: the person keeps their role, and the local password stops working', async () => {
    const directory = await startSlapd();
    await directory.addUser({ uid: 'ray', password: 'ray-secret', mail: 'ray@example.test' });
    const { app, database } = await ldapApp(directory);
    await provision(database, { strategy: 'invite_only', autoLink: 1 });
    await createUser(database, 'administrator', { username: 'ray-local', email: 'ray@example.test' });
    for (let i = 0; i < 2; i += 1) {
      const answer = await login(app, 'ray', 'ray-secret');
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.json().user).toMatchObject({ username: 'ray-local', role: 'administrator' });
    }
    const local = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'ray-local', password: PASSWORD },
    });
    expect(local.statusCode).toBe(401);
  });

  it('refuses a person in no mapped group when the provider says reject', async () => {
    const directory = await startSlapd();
    await directory.addUser({ uid: 'fay', password: 'fay-secret', mail: 'fay@example.test' });
    const { app, database } = await ldapApp(directory);
    await provision(database, { strategy: 'auto_create', onNoMatch: 'reject' }, [['cn=x', 'viewer']]);
    const refused = await login(app, 'fay', 'fay-secret');
    expect(refused.statusCode).toBe(403);
    expect(refused.json().detail).toContain('None of your groups');
  });

  it('answers 503 while the directory is down or silent, and local sign-in goes on', async () => {
    const directory = await startSlapd();
    await directory.addUser({ uid: 'gus', password: 'gus-secret', mail: 'gus@example.test' });
    const url = new URL(directory.ldapUrl);
    const proxy = await startTcpProxy(Number(url.port));
    const { app, database } = await ldapApp(directory, { url: `ldap://127.0.0.1:${proxy.port}`, timeoutMs: 300 });
    await provision(database, { strategy: 'auto_create' });
    expect((await login(app, 'gus', 'gus-secret')).statusCode).toBe(200);
    const local = await createUser(database, 'viewer');
    for (const outage of ['refuse', 'blackhole'] as const) {
      proxy[outage]();
      const answer = await login(app, 'gus', 'gus-secret');
      expect(answer.statusCode, outage).toBe(503);
      expect(answer.json()).toMatchObject({ code: 'directory_unavailable' });
      expect(answer.body).not.toContain(SERVICE.password);
      await signIn(app, local.username);
    }
    proxy.restore();
    expect((await login(app, 'gus', 'gus-secret')).statusCode).toBe(200);
  });

  it('speaks StartTLS and LDAPS with the directory’s CA, and refuses a certificate it cannot verify', async () => {
    const directory = await startSlapd();
    await directory.addUser({ uid: 'hal', password: 'hal-secret', mail: 'hal@example.test' });
    const ca = readFileSync(directory.caFile);
    for (const settings of [
      { startTls: true, ca },
      { url: directory.ldapsUrl, ca },
    ]) {
      const { app, database } = await ldapApp(directory, settings);
      await provision(database, { strategy: 'auto_create' });
      const answer = await login(app, 'hal', 'hal-secret');
      expect(answer.statusCode, `${JSON.stringify({ ...settings, ca: !!settings.ca })}: ${answer.body}`).toBe(200);
    }
    const { app, database } = await ldapApp(directory, { url: directory.ldapsUrl });
    await provision(database, { strategy: 'auto_create' });
    expect((await login(app, 'hal', 'hal-secret')).statusCode).toBe(503);
  });

  it('works with Active Directory-style settings pointed at the directory’s own attributes', async () => {
    const directory = await startSlapd();
    await directory.addUser({ uid: 'ivy', password: 'ivy-secret', mail: 'ivy@example.test', displayName: 'Ivy.Admin' });
    await directory.setGroup('Domain Admins', ['ivy']);
    // As AD: sAMAccountName → cn here, a filter on the object class, groups from memberOf as full DNs.
    const { app, database } = await ldapApp(directory, {
      searchFilter: '(&(objectClass=inetOrgPerson)(cn={{username}}))',
      attributes: { username: 'cn', email: 'mail', displayName: 'displayName', groups: 'memberOf' },
    });
    await provision(database, { strategy: 'auto_create' }, [[directory.groupDn('Domain Admins'), 'administrator']]);
    const answer = await login(app, 'Ivy.Admin', 'ivy-secret');
    expect(answer.statusCode, answer.body).toBe(200);
    expect(answer.json().user).toMatchObject({ username: 'Ivy.Admin', role: 'administrator' });
  });

  it('the owner edits the rules and mappings through /api/auth/settings; Test connection finds a person', async () => {
    const directory = await startSlapd();
    await directory.addUser({ uid: 'joe', password: 'jo-secret', mail: 'jo@corp.example', displayName: 'Jo' });
    await directory.setGroup('sre', ['joe']);
    const { app, database } = await ldapApp(directory);
    const owner = await callerWithRole(app, database, 'owner');
    const admin = await callerWithRole(app, database, 'administrator');

    const read = await app.inject({ method: 'GET', url: '/api/auth/settings', headers: admin.headers });
    expect(read.statusCode).toBe(200);
    expect(read.json().ldap).toMatchObject({
      enabled: true,
      connection: { url: directory.ldapUrl, bindDn: SERVICE.dn, customCa: false },
      provisioning: { strategy: 'invite_only', defaultRole: 'viewer', mappings: [] },
    });
    expect(read.body).not.toContain(SERVICE.password);

    const rules = {
      strategy: 'domain_restricted',
      defaultRole: 'viewer',
      allowedDomains: ['CORP.example'],
      autoLink: false,
      onNoMatch: 'use_default_role',
      mappings: [{ group: directory.groupDn('sre'), role: 'manager' }],
    };
    const byAdmin = await app.inject({
      method: 'PATCH',
      url: '/api/auth/settings',
      headers: admin.headers,
      payload: { ldap: rules },
    });
    expect(byAdmin.statusCode).toBe(403);
    const noDomains = await app.inject({
      method: 'PATCH',
      url: '/api/auth/settings',
      headers: owner.headers,
      payload: { ldap: { ...rules, allowedDomains: [] } },
    });
    expect(noDomains.statusCode).toBe(400);
    expect(noDomains.json().errors).toEqual([
      { pointer: '/ldap/allowedDomains', message: 'must name a domain when strategy is domain_restricted' },
    ]);
    const twice = await app.inject({
      method: 'PATCH',
      url: '/api/auth/settings',
      headers: owner.headers,
      payload: {
        ldap: { ...rules, mappings: [...rules.mappings, { group: directory.groupDn('SRE'), role: 'viewer' }] },
      },
    });
    expect(twice.json().errors[0].pointer).toBe('/ldap/mappings/1/group');
    const saved = await app.inject({
      method: 'PATCH',
      url: '/api/auth/settings',
      headers: owner.headers,
      payload: { ldap: rules },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().ldap.provisioning.allowedDomains).toEqual(['corp.example']);
    const jo = await login(app, 'joe', 'jo-secret');
    expect(jo.statusCode, jo.body).toBe(200);
    expect(jo.json().user.role).toBe('manager');

    const test = await app.inject({
      method: 'POST',
      url: '/api/auth/settings/ldap/test',
      headers: admin.headers,
      payload: { username: 'joe' },
    });
    expect(test.json()).toEqual({
      ok: true,
      detail: 'The service account signed in and found joe',
      user: {
        dn: directory.userDn('joe'),
        username: 'joe',
        email: 'jo@corp.example',
        displayName: 'Jo',
        groups: [directory.groupDn('sre')],
      },
    });
    const nobody = await app.inject({
      method: 'POST',
      url: '/api/auth/settings/ldap/test',
      headers: admin.headers,
      payload: { username: 'zed' },
    });
    expect(nobody.json()).toMatchObject({ ok: false, user: null });
    const bind = await app.inject({
      method: 'POST',
      url: '/api/auth/settings/ldap/test',
      headers: admin.headers,
      payload: {},
    });
    expect(bind.json()).toMatchObject({ ok: true, user: null });
  });

  it('the leader disables a user the directory no longer has, and never everyone at once', async () => {
    const directory = await startSlapd();
    for (const uid of ['kim', 'lee', 'max']) {
      await directory.addUser({ uid, password: `${uid}-secret`, mail: `${uid}@example.test` });
    }
    const target = await freshDatabaseTarget();
    const node = await startTestController(target, { ldap: ldapSettings(directory, { syncIntervalSeconds: 1 }) });
    const { db } = node.controller.database;
    await provision(node.controller.database, { strategy: 'auto_create' });
    const port = (node.controller.listeners.api.server.address() as { port: number }).port;
    const call = (path: string, init: RequestInit = {}) => fetch(`http://127.0.0.1:${port}${path}`, init);
    const cookies: Record<string, string> = {};
    for (const uid of ['kim', 'lee', 'max']) {
      const answer = await call('/api/auth/ldap/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: uid, password: `${uid}-secret` }),
      });
      expect(answer.status).toBe(200);
      cookies[uid] = answer.headers.get('set-cookie')!.split(';')[0]!;
    }
    const me = (uid: string) => call('/api/auth/me', { headers: { cookie: cookies[uid]! } }).then((r) => r.status);
    await directory.deleteUser('lee');
    let status = await me('lee');
    for (let i = 0; i < 40 && status !== 401; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      status = await me('lee');
    }
    expect(status).toBe(401);
    const lee = await db
      .selectFrom('users')
      .select('disabledAt')
      .where('username', '=', 'lee')
      .executeTakeFirstOrThrow();
    expect(lee.disabledAt).not.toBeNull();
    expect(await me('kim')).toBe(200);
  });

  it('disables no one when every LDAP user seems gone at once (a service account that lost its rights)', async () => {
    const directory = await startSlapd();
    const { app, database } = await ldapApp(directory);
    await provision(database, { strategy: 'auto_create' });
    for (const uid of ['nat', 'oli']) {
      await directory.addUser({ uid, password: `${uid}-secret`, mail: `${uid}@example.test` });
      expect((await login(app, uid, `${uid}-secret`)).statusCode).toBe(200);
      await directory.deleteUser(uid);
    }
    const pass = runLeaverPass(database.db, createLdapDirectory(ldapSettings(directory), silentLogger), {
      onUserChanged: () => undefined,
    });
    await expect(pass).rejects.toThrow(/none of the 2 LDAP users/);
    const disabled = await database.db
      .selectFrom('users')
      .select('disabledAt')
      .where('disabledAt', 'is not', null)
      .execute();
    expect(disabled).toEqual([]);
  });

  it('an owner bootstrapped against the directory signs in through it, is never mapped, and keeps a local password', async () => {
    const directory = await startSlapd();
    await directory.addUser({ uid: 'boss', password: 'boss-secret', mail: 'boss@example.test' });
    await directory.setGroup('staff', ['boss']);
    const target = await freshDatabaseTarget();
    const options = {
      ldap: ldapSettings(directory),
      ownerAuthProvider: 'ldap' as const,
      // Typed in another case than the directory writes it: a DN compares without regard to case.
      ownerExternalId: directory.userDn('boss').toUpperCase(),
    };
    const first = await startTestController(target, options);
    await provision(first.controller.database, { strategy: 'auto_create', onNoMatch: 'reject' }, [
      [directory.groupDn('staff'), 'viewer'],
    ]);
    const port = (node: typeof first) => (node.controller.listeners.api.server.address() as { port: number }).port;
    const post = (node: typeof first, path: string, body: unknown) =>
      fetch(`http://127.0.0.1:${port(node)}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const viaLdap = await post(first, '/api/auth/ldap/login', { username: 'boss', password: 'boss-secret' });
    expect(viaLdap.status).toBe(200);
    expect(((await viaLdap.json()) as { user: { role: string; username: string } }).user).toMatchObject({
      role: 'owner',
      username: 'test-owner',
    });
    const local = { username: 'test-owner', password: 'test-owner-password' };
    expect((await post(first, '/api/auth/login', local)).status).toBe(200);
    await first.controller.close();

    // Local sign-in off: refused for everyone, the owner included; the directory still lets the owner in.
    const second = await startTestController(target, { ...options, authLocalEnabled: false });
    const refused = await post(second, '/api/auth/login', local);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { code: string }).code).toBe('provider_disabled');
    expect((await post(second, '/api/auth/ldap/login', { username: 'boss', password: 'boss-secret' })).status).toBe(
      200,
    );
    const status = await fetch(`http://127.0.0.1:${port(second)}/api/auth/status`).then((r) => r.json());
    expect(status).toEqual({ setupRequired: false, providers: ['ldap'] });
  });

  it('is refused on both paths while LDAP is off', async () => {
    const { app } = await createTestApp();
    for (const url of ['/api/auth/ldap/login', '/api/auth/login/ldap']) {
      const answer = await app.inject({ method: 'POST', url, payload: { username: 'x', password: 'y' } });
      expect(answer.statusCode).toBe(403);
      expect(answer.json().code).toBe('provider_disabled');
    }
  });
});
