import type { Kysely, Transaction } from 'kysely';
import type {
  AuthSettings,
  AuthSettingsUpdate,
  LdapConnection,
  LdapTestResult,
  OidcTestResult,
  Provisioning,
} from '@telegraf-controller/contract/auth-settings';
import type { Database, ExternalProvider } from '../../db/schema.js';
import type { Identity } from '../../http/access.js';
import { AppError } from '../../http/errors.js';
import { performedBy, type RequestOrigin } from '../audit/audit-origin.js';
import type { AuditLog } from '../audit/audit.service.js';
import { newId } from '../../lib/ids.js';
import type { LdapSettings, OidcSettings } from '../../options.js';
import { ProviderUnavailableError, type OidcProviderClient } from '../oidc/oidc-provider-client.js';
import { DirectoryUnavailableError, type LdapDirectory } from '../ldap/ldap-directory.js';
import { findRules, listMappings, replaceMappings, upsertRules } from './provisioning.repo.js';
import { DEFAULT_RULES } from './provisioning.service.js';

export interface AuthSettingsService {
  get(): Promise<AuthSettings>;
  /** Replaces each present provider's rules and mappings; they apply from the next sign-in. */
  update(actor: Identity, changes: AuthSettingsUpdate, origin: RequestOrigin): Promise<AuthSettings>;
  /** Test connection: the service account's bind and, given a name, that person as the directory describes them. */
  testLdap(username: string | undefined): Promise<LdapTestResult>;
  /** Test connection: the provider's discovery document and signing keys. */
  testOidc(): Promise<OidcTestResult>;
}

export interface AuthSettingsDeps {
  localEnabled: boolean;
  ldap: { settings: LdapSettings; directory: LdapDirectory } | undefined;
  oidc: { settings: OidcSettings; client: OidcProviderClient } | undefined;
  audit: AuditLog;
}

export function createAuthSettingsService(db: Kysely<Database>, deps: AuthSettingsDeps): AuthSettingsService {
  const provisioningOf = async (provider: ExternalProvider): Promise<Provisioning> => {
    const rules = { ...DEFAULT_RULES, ...(await findRules(db, provider)) };
    return {
      strategy: rules.strategy,
      defaultRole: rules.defaultRole,
      allowedDomains: JSON.parse(rules.allowedDomains) as string[],
      autoLink: rules.autoLink === 1,
      onNoMatch: rules.onNoMatch,
      mappings: (await listMappings(db, provider)).map(({ groupName, role }) => ({ group: groupName, role })),
    };
  };

  const get = async (): Promise<AuthSettings> => {
    const oidcRules = await findRules(db, 'oidc');
    const oidc = deps.oidc?.settings;
    return {
      local: { enabled: deps.localEnabled },
      ldap: {
        enabled: deps.ldap !== undefined,
        connection: deps.ldap === undefined ? null : describeConnection(deps.ldap.settings),
        provisioning: await provisioningOf('ldap'),
      },
      oidc: {
        enabled: oidc !== undefined,
        connection:
          oidc === undefined
            ? null
            : {
                issuer: oidc.issuer,
                clientId: oidc.clientId,
                redirectUri: oidc.redirectUri,
                scopes: oidc.scopes,
                usernameClaim: oidc.usernameClaim,
                postLoginRedirect: oidc.postLoginRedirect,
              },
        provisioning: {
          ...(await provisioningOf('oidc')),
          displayName: oidcRules?.displayName ?? null,
          groupsClaim: oidcRules?.groupsClaim ?? null,
        },
        effective: {
          displayName: oidcRules?.displayName ?? oidc?.displayName ?? 'SSO',
          groupsClaim: oidcRules?.groupsClaim ?? oidc?.groupsClaim ?? 'groups',
        },
      },
    };
  };

  return {
    get,
    async update(actor, changes, origin) {
      const before = await get();
      const recorded = (provider: ExternalProvider, to: unknown) => (trx: Transaction<Database>) =>
        deps.audit.record(trx, {
          ...performedBy(actor, origin),
          action: 'auth_settings.update',
          target: { type: 'auth_settings', id: provider, name: provider === 'ldap' ? 'LDAP' : 'OIDC' },
          details: { from: before[provider].provisioning, to },
        });
      if (changes.ldap !== undefined) await store(db, 'ldap', changes.ldap, undefined, recorded('ldap', changes.ldap));
      if (changes.oidc !== undefined) {
        const { displayName, groupsClaim, ...rules } = changes.oidc;
        await store(db, 'oidc', rules, { displayName, groupsClaim }, recorded('oidc', changes.oidc));
      }
      return get();
    },
    async testOidc() {
      if (deps.oidc === undefined) {
        throw new AppError('provider_disabled', 'Single sign-on (OIDC) is not enabled (AUTH_OIDC_ENABLED)');
      }
      try {
        const keys = await deps.oidc.client.check();
        return {
          ok: true,
          detail: `Discovery and ${keys} signing key${keys === 1 ? '' : 's'} read from the provider`,
          keys,
        };
      } catch (error) {
        if (!(error instanceof ProviderUnavailableError)) throw error;
        return { ok: false, detail: `The provider could not be asked: ${error.message}`.slice(0, 1024), keys: 0 };
      }
    },
    async testLdap(username) {
      if (deps.ldap === undefined) {
        throw new AppError('provider_disabled', 'Sign-in through LDAP is not enabled (AUTH_LDAP_ENABLED)');
      }
      const { directory } = deps.ldap;
      try {
        if (username === undefined) {
          await directory.check();
          return { ok: true, detail: 'The service account signed in to the directory', user: null };
        }
        const found = await directory.find(username);
        if (found === undefined) {
          return {
            ok: false,
            detail: `The service account signed in, but the filter finds no one entry for ${username}`,
            user: null,
          };
        }
        const { dn, displayName, email, groups } = found;
        return {
          ok: true,
          detail: `The service account signed in and found ${username}`,
          user: { dn, username: found.username, email: email ?? null, displayName: displayName ?? null, groups },
        };
      } catch (error) {
        if (!(error instanceof DirectoryUnavailableError)) throw error;
        return { ok: false, detail: `The directory could not be asked: ${error.message}`.slice(0, 1024), user: null };
      }
    },
  };
}

function describeConnection(settings: LdapSettings): LdapConnection {
  const { url, bindDn, searchBase, searchFilter, startTls, rejectUnauthorized, attributes, timeoutMs } = settings;
  return {
    url,
    bindDn,
    searchBase,
    searchFilter,
    startTls,
    customCa: settings.ca !== undefined,
    rejectUnauthorized,
    attributes,
    timeoutMs,
  };
}

async function store(
  db: Kysely<Database>,
  provider: ExternalProvider,
  rules: Provisioning,
  overrides: { displayName: string | null; groupsClaim: string | null } = { displayName: null, groupsClaim: null },
  /** Writes the audit entry, in the same transaction. */
  record: (trx: Transaction<Database>) => Promise<void>,
): Promise<void> {
  const domains = [...new Set(rules.allowedDomains.map((domain) => domain.toLowerCase()))];
  if (rules.strategy === 'domain_restricted' && domains.length === 0) {
    throw new AppError('validation_failed', 'domain_restricted needs at least one allowed email domain', {
      errors: [
        { pointer: `/${provider}/allowedDomains`, message: 'must name a domain when strategy is domain_restricted' },
      ],
    });
  }
  const seen = new Map<string, number>();
  rules.mappings.forEach(({ group }, index) => {
    const key = group.toLowerCase();
    if (seen.has(key)) {
      throw new AppError('validation_failed', `The group ${group} is mapped twice`, {
        errors: [
          { pointer: `/${provider}/mappings/${index}/group`, message: 'is mapped already (case does not count)' },
        ],
      });
    }
    seen.set(key, index);
  });
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await upsertRules(trx, {
      provider,
      strategy: rules.strategy,
      defaultRole: rules.defaultRole,
      allowedDomains: JSON.stringify(domains),
      autoLink: rules.autoLink ? 1 : 0,
      onNoMatch: rules.onNoMatch,
      ...overrides,
      updatedAt: now,
    });
    await replaceMappings(
      trx,
      provider,
      rules.mappings.map(({ group, role }) => ({
        id: newId(),
        provider,
        groupName: group,
        groupKey: group.toLowerCase(),
        role,
        createdAt: now,
      })),
    );
    await record(trx);
  });
}
