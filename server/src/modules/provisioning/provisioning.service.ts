import type { Kysely, Transaction } from 'kysely';
import { ROLES, type Role } from '@telegraf-controller/contract/permissions';
import type { AuthProvisioningTable, Database, ExternalProvider, UsersTable } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { takeInviteFor } from '../invites/invites.service.js';
import { lookUpExternal, lookUpLogin, lookUpTakenIdentity, lookUpUser } from '../users/users.directory.js';
import { addUser, linkExternalIdentity, newUserRow, setRoleFromSignIn } from '../users/users.service.js';
import { isUniqueViolation } from '../../db/unique-violation.js';
import { findRules, listMappings } from './provisioning.repo.js';
import type { AuditLog } from '../audit/audit.service.js';

/** Who a directory or an identity provider says signed in. */
export interface ExternalPerson {
  /** The LDAP entry's DN, or the OIDC `sub`. */
  externalId: string;
  username: string;
  email: string | undefined;
  /** Whether the provider vouches for the email (a directory's `mail` does; OIDC says with `email_verified`). */
  emailVerified: boolean;
  displayName: string | undefined;
  /** The groups it reported; undefined when the claim or attribute was missing (not the same as empty). */
  groups: readonly string[] | undefined;
}

export interface ProvisioningService {
  /**
   * The user this person signs in as, created, linked or updated by the provider's rules (platform.md §2.11), or
   * an `AppError` (403 `sign_in_refused`, `account_disabled`) saying why not.
   */
  signIn(provider: ExternalProvider, person: ExternalPerson): Promise<UsersTable>;
}

export const DEFAULT_RULES: Omit<AuthProvisioningTable, 'provider' | 'updatedAt'> = {
  strategy: 'invite_only',
  defaultRole: 'viewer',
  allowedDomains: '[]',
  autoLink: 0,
  onNoMatch: 'use_default_role',
  displayName: null,
  groupsClaim: null,
};

/** What the settings override of a provider's start-up options (OIDC: the groups claim, the button's label). */
export async function providerOverrides(
  db: Kysely<Database>,
  provider: ExternalProvider,
): Promise<{ groupsClaim: string | null; displayName: string | null }> {
  const rules = await findRules(db, provider);
  return { groupsClaim: rules?.groupsClaim ?? null, displayName: rules?.displayName ?? null };
}

/** The highest role a mapping gives to any of `groups` (group names compare without regard to case). */
export function mappedRole(
  groups: readonly string[],
  mappings: ReadonlyArray<{ groupKey: string; role: Role }>,
): Role | undefined {
  const held = new Set(groups.map((group) => group.toLowerCase()));
  const roles = mappings.filter((mapping) => held.has(mapping.groupKey)).map((mapping) => mapping.role);
  return ROLES.find((role) => roles.includes(role));
}

const refuse = (detail: string) => new AppError('sign_in_refused', detail);

export function createProvisioningService(
  db: Kysely<Database>,
  hooks: { onUserChanged: () => void },
  audit: AuditLog,
): ProvisioningService {
  /** What a sign-in did to the account, recorded with it: the person is the actor. */
  const record = (
    trx: Transaction<Database>,
    user: Pick<UsersTable, 'id' | 'username'>,
    action: string,
    details: Record<string, unknown>,
  ) =>
    audit.record(trx, {
      action,
      actor: { type: 'user', id: user.id, name: user.username },
      target: { type: 'user', id: user.id, name: user.username },
      details,
    });
  return {
    async signIn(provider, person) {
      const rules = { ...DEFAULT_RULES, ...(await findRules(db, provider)) };
      const mappings = await listMappings(db, provider);
      const fromGroups = person.groups === undefined ? undefined : mappedRole(person.groups, mappings);
      const missingGroups = () =>
        refuse(
          `The ${provider.toUpperCase()} sign-in did not say which groups you are in (the groups ` +
            'claim or attribute is missing), so your role cannot be worked out: ask an administrator to check the ' +
            'provider’s groups setting',
        );

      const existing = await lookUpExternal(db, provider, person.externalId);
      if (existing !== undefined) {
        if (existing.disabledAt !== null) throw new AppError('account_disabled', 'This account is disabled');
        // The owner is never mapped, linked or downgraded.
        if (existing.role === 'owner') return existing;
        if (person.groups === undefined) throw missingGroups();
        if (fromGroups === undefined && rules.onNoMatch === 'reject') {
          throw refuse('None of your groups is given a role here, and this provider refuses such sign-ins');
        }
        const role = fromGroups ?? existing.provisionedRole ?? rules.defaultRole;
        if (role !== existing.role) {
          await db.transaction().execute(async (trx) => {
            await setRoleFromSignIn(trx, existing.id, role);
            await record(trx, existing, 'user.role_change', { provider, role: { from: existing.role, to: role } });
          });
          hooks.onUserChanged();
        }
        return (await lookUpUser(db, existing.id))!;
      }

      if (person.groups === undefined) throw missingGroups();
      if (person.email === undefined) {
        throw refuse(`The ${provider.toUpperCase()} sign-in gave no email address, which every account here needs`);
      }
      const email = person.email;

      // Auto-link: a local account with the same (verified) email becomes this person's; never the owner's.
      if (rules.autoLink === 1 && person.emailVerified) {
        const local = await lookUpLogin(db, email);
        if (local !== undefined && local.emailKey === email.toLowerCase() && local.authProvider === 'local') {
          if (local.role === 'owner') throw refuse('The owner’s account is never linked to an external sign-in');
          if (local.disabledAt !== null) throw new AppError('account_disabled', 'This account is disabled');
          if (fromGroups === undefined && rules.onNoMatch === 'reject') {
            throw refuse('None of your groups is given a role here, and this provider refuses such sign-ins');
          }
          const role = fromGroups ?? local.role;
          await db.transaction().execute(async (trx) => {
            await linkExternalIdentity(trx, local.id, provider, person.externalId, local.role);
            await record(trx, local, 'user.link', { provider, externalId: person.externalId });
            if (role === local.role) return;
            await setRoleFromSignIn(trx, local.id, role);
            await record(trx, local, 'user.role_change', { provider, role: { from: local.role, to: role } });
          });
          hooks.onUserChanged();
          return (await lookUpUser(db, local.id))!;
        }
      }

      const creating = db.transaction().execute(async (trx) => {
        // Only an email the provider vouches for may claim an invite or an allowed domain.
        const invite = person.emailVerified ? await takeInviteFor(trx, email, provider) : undefined;
        if (invite === undefined) admit(rules, provider, email, person.emailVerified);
        if (invite === undefined && fromGroups === undefined && rules.onNoMatch === 'reject') {
          throw refuse('None of your groups is given a role here, and this provider refuses such sign-ins');
        }
        const username = invite?.username ?? person.username;
        if (!/^[A-Za-z0-9._-]{3,50}$/.test(username)) {
          throw refuse(
            `Your ${provider.toUpperCase()} username "${username.slice(0, 60)}" is not a valid username here`,
          );
        }
        const identity = { username, email };
        const taken = await lookUpTakenIdentity(trx, identity);
        if (taken !== undefined) {
          throw refuse(`Another account here already has your ${taken}: ask an administrator to link or rename it`);
        }
        const row = newUserRow({
          username,
          email,
          role: fromGroups ?? invite?.role ?? rules.defaultRole,
          passwordHash: null,
          displayName: person.displayName?.slice(0, 100) ?? null,
          external: { provider, id: person.externalId, provisionedRole: invite?.role ?? null },
        });
        await addUser(trx, row);
        await record(trx, row, 'user.provision', {
          provider,
          externalId: person.externalId,
          role: row.role,
          ...(invite ? { inviteId: invite.id } : {}),
        });
        return row;
      });
      try {
        return await creating;
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        // The same person signing in twice at once: the first sign-in created the account. Anyone else who took
        // the username or email meanwhile makes this one a refusal.
        const raced = await lookUpExternal(db, provider, person.externalId);
        if (raced !== undefined) return raced;
        throw refuse('Another account here took your username or email a moment ago: ask an administrator');
      }
    },
  };

  function admit(rules: typeof DEFAULT_RULES, provider: ExternalProvider, email: string, verified: boolean): void {
    if (rules.strategy === 'auto_create') return;
    if (!verified) {
      throw refuse(
        `Your ${provider.toUpperCase()} sign-in did not confirm your email is verified, which an invite or an allowed domain needs`,
      );
    }
    if (rules.strategy === 'domain_restricted') {
      const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
      if ((JSON.parse(rules.allowedDomains) as string[]).includes(domain)) return;
      throw refuse(`Accounts are created here only for invited people and the allowed email domains, not ${domain}`);
    }
    throw refuse(
      `Accounts are created here only for invited people: ask an administrator to invite ${email} for ${provider.toUpperCase()} sign-in`,
    );
  }
}
