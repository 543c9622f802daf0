import { Type, type Static } from 'typebox';
import { Nullable } from './nullable.js';

/** A role a sign-in may give: never the owner's. */
export const GrantableRole = Type.Union([
  Type.Literal('administrator'),
  Type.Literal('manager'),
  Type.Literal('viewer'),
]);
export type GrantableRole = Static<typeof GrantableRole>;

export const ProvisioningStrategy = Type.Union([
  Type.Literal('invite_only'),
  Type.Literal('domain_restricted'),
  Type.Literal('auto_create'),
]);

const Domain = Type.String({
  minLength: 1,
  maxLength: 253,
  pattern:
    '^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$',
  description: 'an email domain, such as example.com',
});

export const GroupRoleMapping = Type.Object(
  {
    /** A group as the provider names it: a DN for LDAP (compared without regard to case). */
    group: Type.String({ minLength: 1, maxLength: 1024 }),
    role: GrantableRole,
  },
  { additionalProperties: false },
);
export type GroupRoleMapping = Static<typeof GroupRoleMapping>;

/** Who gets an account, and which role, when they sign in through a provider (platform.md §2.11). */
export const Provisioning = Type.Object(
  {
    strategy: ProvisioningStrategy,
    defaultRole: GrantableRole,
    allowedDomains: Type.Array(Domain, { maxItems: 100 }),
    autoLink: Type.Boolean(),
    onNoMatch: Type.Union([Type.Literal('use_default_role'), Type.Literal('reject')]),
    mappings: Type.Array(GroupRoleMapping, { maxItems: 500 }),
  },
  { additionalProperties: false },
);
export type Provisioning = Static<typeof Provisioning>;

/** How the controller reaches the directory: start-up options, shown read-only; the password never is. */
export const LdapConnection = Type.Object({
  url: Type.String({ maxLength: 2048 }),
  bindDn: Type.String({ maxLength: 1024 }),
  searchBase: Type.String({ maxLength: 1024 }),
  searchFilter: Type.String({ maxLength: 1024 }),
  startTls: Type.Boolean(),
  customCa: Type.Boolean(),
  rejectUnauthorized: Type.Boolean(),
  attributes: Type.Object({
    username: Type.String({ maxLength: 128 }),
    email: Type.String({ maxLength: 128 }),
    displayName: Type.String({ maxLength: 128 }),
    groups: Type.String({ maxLength: 128 }),
  }),
  timeoutMs: Type.Integer({ minimum: 0 }),
});
export type LdapConnection = Static<typeof LdapConnection>;

/** OIDC's start-up connection, read-only; the client secret never is shown. */
export const OidcConnection = Type.Object({
  issuer: Type.String({ maxLength: 2048 }),
  clientId: Type.String({ maxLength: 1024 }),
  redirectUri: Type.String({ maxLength: 2048 }),
  scopes: Type.String({ maxLength: 1024 }),
  usernameClaim: Type.String({ maxLength: 256 }),
  postLoginRedirect: Type.String({ maxLength: 2048 }),
});
export type OidcConnection = Static<typeof OidcConnection>;

const Claim = Type.String({ minLength: 1, maxLength: 256, pattern: '^\\S+$' });

/** OIDC's rules: the provisioning, and what overrides the start-up options (null: the option's value). */
export const OidcProvisioning = Type.Object(
  {
    ...Provisioning.properties,
    displayName: Nullable(Type.String({ minLength: 1, maxLength: 64 })),
    groupsClaim: Nullable(Claim),
  },
  { additionalProperties: false },
);
export type OidcProvisioning = Static<typeof OidcProvisioning>;

export const AuthSettings = Type.Object({
  local: Type.Object({ enabled: Type.Boolean() }),
  ldap: Type.Object({
    enabled: Type.Boolean(),
    connection: Nullable(LdapConnection),
    provisioning: Provisioning,
  }),
  oidc: Type.Object({
    enabled: Type.Boolean(),
    connection: Nullable(OidcConnection),
    provisioning: OidcProvisioning,
    /** What applies now: the override, else the start-up option. */
    effective: Type.Object({
      displayName: Type.String({ maxLength: 64 }),
      groupsClaim: Type.String({ maxLength: 256 }),
    }),
  }),
});
export type AuthSettings = Static<typeof AuthSettings>;

/** A present provider's rules replace what is stored, whole (mappings included). */
export const AuthSettingsUpdate = Type.Object(
  { ldap: Type.Optional(Provisioning), oidc: Type.Optional(OidcProvisioning) },
  { additionalProperties: false },
);
export type AuthSettingsUpdate = Static<typeof AuthSettingsUpdate>;

export const LdapTest = Type.Object(
  { username: Type.Optional(Type.String({ minLength: 1, maxLength: 254 })) },
  { additionalProperties: false },
);
export type LdapTest = Static<typeof LdapTest>;

/** What Test connection found: the service account's bind, and the test user as the directory describes them. */
export const LdapTestResult = Type.Object({
  ok: Type.Boolean(),
  detail: Type.String({ maxLength: 1024 }),
  user: Nullable(
    Type.Object({
      dn: Type.String({ maxLength: 1024 }),
      username: Type.String({ maxLength: 1024 }),
      email: Nullable(Type.String({ maxLength: 1024 })),
      displayName: Nullable(Type.String({ maxLength: 1024 })),
      groups: Type.Array(Type.String({ maxLength: 1024 }), { maxItems: 1000 }),
    }),
  ),
});
export type LdapTestResult = Static<typeof LdapTestResult>;

/** What Test connection found at the provider: its discovery document and its signing keys. */
export const OidcTestResult = Type.Object({
  ok: Type.Boolean(),
  detail: Type.String({ maxLength: 1024 }),
  keys: Type.Integer({ minimum: 0 }),
});
export type OidcTestResult = Static<typeof OidcTestResult>;
