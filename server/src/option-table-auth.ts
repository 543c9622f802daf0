import { OptionError, flag, text, wholeNumber } from './option-parsers.js';
import type { OptionSpec } from './option-table.js';

/** A switch that is on unless set to `false`, `0` or `no`. */
function onUnlessOff(raw: string | undefined): boolean {
  if (raw === undefined || raw.trim() === '') return true;
  const value = raw.trim().toLowerCase();
  if (['false', '0', 'no'].includes(value)) return false;
  if (['true', '1', 'yes'].includes(value)) return true;
  throw new OptionError(`must be true or false (got "${raw}")`);
}

function ldapUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OptionError(`must be an ldap:// or ldaps:// URL (got "${raw}")`);
  }
  if (!['ldap:', 'ldaps:'].includes(url.protocol) || url.hostname === '') {
    throw new OptionError(`must be an ldap:// or ldaps:// URL (got "${raw}")`);
  }
  return raw;
}

function searchFilter(raw: string | undefined): string {
  const value = raw === undefined || raw === '' ? '(uid={{username}})' : raw;
  if (!value.includes('{{username}}')) throw new OptionError('must contain {{username}}, where the typed name goes');
  if (!value.startsWith('(') || !value.endsWith(')') || value.length > 1024) {
    throw new OptionError(`must be an LDAP filter in parentheses (got "${value}")`);
  }
  return value;
}

const attribute =
  (fallback: string) =>
  (raw: string | undefined): string => {
    const value = raw === undefined || raw === '' ? fallback : raw;
    if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(value)) {
      throw new OptionError(`must be an LDAP attribute name (got "${value}")`);
    }
    return value;
  };

function ownerProvider(raw: string | undefined): 'local' | 'ldap' {
  const value = raw === undefined || raw === '' ? 'local' : raw.trim().toLowerCase();
  if (value === 'local' || value === 'ldap') return value;
  throw new OptionError(`must be local or ldap (got "${raw}")`);
}

function httpUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new OptionError(`must be an absolute https:// URL (got "${raw}")`);
  }
  if (!['http:', 'https:'].includes(url.protocol))
    throw new OptionError(`must be an absolute https:// URL (got "${raw}")`);
  return raw.replace(/\/$/, '');
}

function inAppPath(raw: string | undefined): string {
  const value = raw === undefined || raw === '' ? '/' : raw;
  if (!value.startsWith('/') || value.startsWith('//') || /[\s\\]/.test(value)) {
    throw new OptionError(`must be a path in the app, such as /agents (got "${raw}")`);
  }
  return value;
}

/** Sign-in options (platform.md §1.3): read at start-up only; the provisioning rules live in the database. */
export const AUTH_OPTION_SPECS: readonly OptionSpec[] = [
  {
    key: 'ownerAuthProvider',
    env: 'OWNER_AUTH_PROVIDER',
    defaultText: 'local',
    description:
      'How the owner created on first start signs in: local, or ldap (with OWNER_EXTERNAL_ID); a local password is kept too',
    parse: ownerProvider,
  },
  {
    key: 'ownerExternalId',
    env: 'OWNER_EXTERNAL_ID',
    defaultText: 'none',
    description: 'With OWNER_AUTH_PROVIDER=ldap: the owner’s entry (DN) in the directory',
    parse: text(1024),
  },
  {
    key: 'authLocalEnabled',
    env: 'AUTH_LOCAL_ENABLED',
    defaultText: 'true',
    description: 'Sign-in with a local username and password; false refuses it for everyone (the owner included)',
    parse: onUnlessOff,
  },
  {
    key: 'authLdapEnabled',
    env: 'AUTH_LDAP_ENABLED',
    defaultText: 'false',
    description: 'Sign-in through an LDAP directory (needs AUTH_LDAP_URL, _BIND_DN, _BIND_PASSWORD, _USER_SEARCH_BASE)',
    parse: flag,
  },
  {
    key: 'authLdapUrl',
    env: 'AUTH_LDAP_URL',
    defaultText: 'none',
    description: 'The directory: ldap://host[:port] (with AUTH_LDAP_START_TLS) or ldaps://host[:port]',
    parse: ldapUrl,
  },
  {
    key: 'authLdapBindDn',
    env: 'AUTH_LDAP_BIND_DN',
    defaultText: 'none',
    description: 'The service account that searches for users',
    parse: text(1024),
  },
  {
    key: 'authLdapBindPassword',
    env: 'AUTH_LDAP_BIND_PASSWORD',
    defaultText: 'none (secret)',
    description: 'The service account’s password',
    parse: text(1024),
  },
  {
    key: 'authLdapUserSearchBase',
    env: 'AUTH_LDAP_USER_SEARCH_BASE',
    defaultText: 'none',
    description: 'Where users are searched for (subtree)',
    parse: text(1024),
  },
  {
    key: 'authLdapUserSearchFilter',
    env: 'AUTH_LDAP_USER_SEARCH_FILTER',
    defaultText: '(uid={{username}})',
    description: 'The filter that finds the user; {{username}} is replaced by the typed name, escaped (RFC 4515)',
    parse: searchFilter,
  },
  {
    key: 'authLdapStartTls',
    env: 'AUTH_LDAP_START_TLS',
    defaultText: 'false',
    description: 'Upgrade an ldap:// connection with StartTLS before binding (ignored for ldaps://)',
    parse: flag,
  },
  {
    key: 'authLdapCaCertPath',
    env: 'AUTH_LDAP_CA_CERT_PATH',
    defaultText: 'none (the system’s CAs)',
    description: 'PEM file of the CA that signed the directory’s certificate',
    parse: text(4096),
  },
  {
    key: 'authLdapRejectUnauthorized',
    env: 'AUTH_LDAP_REJECT_UNAUTHORIZED',
    defaultText: 'true',
    description: 'Refuse a directory certificate that does not verify; false is for development only',
    parse: onUnlessOff,
  },
  {
    key: 'authLdapAttrUsername',
    env: 'AUTH_LDAP_ATTR_USERNAME',
    defaultText: 'sAMAccountName',
    description: 'Attribute holding the username (OpenLDAP: uid)',
    parse: attribute('sAMAccountName'),
  },
  {
    key: 'authLdapAttrEmail',
    env: 'AUTH_LDAP_ATTR_EMAIL',
    defaultText: 'mail',
    description: 'Attribute holding the email address',
    parse: attribute('mail'),
  },
  {
    key: 'authLdapAttrDisplayName',
    env: 'AUTH_LDAP_ATTR_DISPLAY_NAME',
    defaultText: 'displayName',
    description: 'Attribute holding the display name',
    parse: attribute('displayName'),
  },
  {
    key: 'authLdapAttrGroups',
    env: 'AUTH_LDAP_ATTR_GROUPS',
    defaultText: 'memberOf',
    description: 'Attribute listing the user’s groups (DNs), matched against the group-role mappings',
    parse: attribute('memberOf'),
  },
  {
    key: 'authOidcEnabled',
    env: 'AUTH_OIDC_ENABLED',
    defaultText: 'false',
    description:
      'Single sign-on through an OpenID Connect provider (needs _ISSUER, _CLIENT_ID, _CLIENT_SECRET, _REDIRECT_URI)',
    parse: flag,
  },
  {
    key: 'authOidcIssuer',
    env: 'AUTH_OIDC_ISSUER',
    defaultText: 'none',
    description: 'The provider’s issuer URL (its discovery document is read from it)',
    parse: httpUrl,
  },
  {
    key: 'authOidcClientId',
    env: 'AUTH_OIDC_CLIENT_ID',
    defaultText: 'none',
    description: 'This controller’s client id at the provider',
    parse: text(1024),
  },
  {
    key: 'authOidcClientSecret',
    env: 'AUTH_OIDC_CLIENT_SECRET',
    defaultText: 'none (secret)',
    description: 'This controller’s client secret at the provider',
    parse: text(4096),
  },
  {
    key: 'authOidcRedirectUri',
    env: 'AUTH_OIDC_REDIRECT_URI',
    defaultText: 'none',
    description: 'Where the provider sends people back: this controller’s URL ending in /api/auth/oidc/callback',
    parse: httpUrl,
  },
  {
    key: 'authOidcScopes',
    env: 'AUTH_OIDC_SCOPES',
    defaultText: 'openid profile email',
    description: 'Scopes asked for, space-separated (openid is added when missing)',
    parse: (raw) => {
      const scopes = (raw ?? '').split(/\s+/).filter(Boolean);
      return [...new Set(['openid', ...(scopes.length > 0 ? scopes : ['profile', 'email'])])].join(' ');
    },
  },
  {
    key: 'authOidcUsernameClaim',
    env: 'AUTH_OIDC_USERNAME_CLAIM',
    defaultText: 'preferred_username',
    description: 'The ID token claim that holds the username',
    parse: (raw) => (raw === undefined || raw === '' ? 'preferred_username' : raw.slice(0, 256)),
  },
  {
    key: 'authOidcGroupsClaim',
    env: 'AUTH_OIDC_GROUPS_CLAIM',
    defaultText: 'groups',
    description: 'The ID token claim that lists the groups (overridable in the settings)',
    parse: (raw) => (raw === undefined || raw === '' ? 'groups' : raw.slice(0, 256)),
  },
  {
    key: 'authOidcDisplayName',
    env: 'AUTH_OIDC_DISPLAY_NAME',
    defaultText: 'SSO',
    description: 'The sign-in button’s label (overridable in the settings)',
    parse: (raw) => (raw === undefined || raw === '' ? 'SSO' : raw.slice(0, 64)),
  },
  {
    key: 'authOidcPostLoginRedirect',
    env: 'AUTH_OIDC_POST_LOGIN_REDIRECT',
    defaultText: '/',
    description: 'The page of the app people land on after signing in',
    parse: inAppPath,
  },
  {
    key: 'authOidcAllowInsecure',
    env: 'AUTH_OIDC_ALLOW_INSECURE',
    defaultText: 'false',
    description: 'Allow http:// for the issuer and the redirect URI (a test provider); logged as a warning',
    parse: flag,
  },
  {
    key: 'authOidcJwksCooldownSeconds',
    env: 'AUTH_OIDC_JWKS_COOLDOWN_SECONDS',
    defaultText: '30',
    description:
      'Seconds after reading the provider’s signing keys before an ID token naming an unknown key (a rotation) reads them again',
    parse: wholeNumber(30, 0, 3_600),
  },
  {
    key: 'authLdapSyncIntervalSeconds',
    env: 'AUTH_LDAP_SYNC_INTERVAL_SECONDS',
    defaultText: '3600',
    description:
      'Seconds between the leader’s checks that each LDAP user is still in the directory (gone or disabled: disabled here)',
    parse: wholeNumber(3_600, 1, 604_800),
  },
  {
    key: 'authLdapTimeoutMs',
    env: 'AUTH_LDAP_TIMEOUT_MS',
    defaultText: '5000',
    description: 'Milliseconds the directory may take to connect or to answer one operation before sign-in fails',
    parse: wholeNumber(5_000, 10, 120_000),
  },
];
