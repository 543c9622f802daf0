import { describe, expect, it } from 'vitest';
import { callerWithRole } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';
import { createProvisioningService } from './provisioning.service.js';

describe(`external sign-in provisioning on ${engine}`, () => {
  it('lets only a verified email claim an invite, and never lets an external sign-in take the owner', async () => {
    const { app, database, services } = await createTestApp({ options: { oidc: undefined } });
    const owner = await callerWithRole(app, database, 'owner');
    // The invite is for OIDC; the provider is not enabled in this app, so the row is written as the API would.
    await database.db
      .insertInto('invites')
      .values({
        id: 'inv-1',
        codeHash: 'h',
        username: 'val',
        usernameKey: 'val',
        email: 'val@example.com',
        emailKey: 'val@example.com',
        role: 'administrator',
        provider: 'oidc',
        expiresAt: new Date(Date.now() + 3600_000).toISOString(),
        createdBy: owner.user.id,
        createdAt: new Date().toISOString(),
      })
      .execute();
    const provisioning = createProvisioningService(database.db, { onUserChanged: () => undefined }, services.audit);
    const person = {
      externalId: 'sub-val',
      username: 'val',
      email: 'val@example.com',
      displayName: undefined,
      groups: [],
    };
    await expect(provisioning.signIn('oidc', { ...person, emailVerified: false })).rejects.toMatchObject({
      code: 'sign_in_refused',
    });
    expect(await database.db.selectFrom('invites').select('id').execute()).toHaveLength(1);
    const user = await provisioning.signIn('oidc', { ...person, emailVerified: true });
    expect(user).toMatchObject({ username: 'val', role: 'administrator', authProvider: 'oidc' });

    await database.db
      .insertInto('authProvisioning')
      .values({
        provider: 'oidc',
        strategy: 'auto_create',
        defaultRole: 'viewer',
        allowedDomains: '[]',
        autoLink: 1,
        onNoMatch: 'use_default_role',
        displayName: null,
        groupsClaim: null,
        updatedAt: new Date().toISOString(),
      })
      .execute();
    await expect(
      provisioning.signIn('oidc', { ...person, externalId: 'sub-x', email: owner.user.email, emailVerified: true }),
    ).rejects.toMatchObject({ code: 'sign_in_refused' });
  });
});
