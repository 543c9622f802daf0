import { Type, type Static } from 'typebox';
import { PermissionSchema, RoleSchema } from './permissions.js';
import { ListQuery, Page } from './pages.js';

/** Letters, digits and `._-`, 3–50 characters; unique without regard to case. */
export const Username = Type.String({ minLength: 3, maxLength: 50, pattern: '^[A-Za-z0-9._-]+$' });
export const Email = Type.String({ minLength: 3, maxLength: 254, format: 'email' });
export const DisplayName = Type.String({ minLength: 1, maxLength: 100 });
/** Complexity is checked by the server against the current level; this only bounds the size. */
export const Password = Type.String({ minLength: 1, maxLength: 256 });
export const Timestamp = Type.String({ format: 'date-time', maxLength: 40 });
export const Id = Type.String({ minLength: 1, maxLength: 64 });

export const AUTH_PROVIDERS = ['local', 'ldap', 'oidc'] as const;
export const AuthProviderSchema = Type.Union([Type.Literal('local'), Type.Literal('ldap'), Type.Literal('oidc')]);
export type AuthProvider = Static<typeof AuthProviderSchema>;

export const UserStatus = Type.Union([Type.Literal('active'), Type.Literal('disabled'), Type.Literal('locked')]);
export type UserStatus = Static<typeof UserStatus>;

export const User = Type.Object({
  id: Id,
  username: Type.String({ maxLength: 50 }),
  email: Type.String({ maxLength: 254 }),
  displayName: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
  role: RoleSchema,
  authProvider: AuthProviderSchema,
  /** The directory entry's DN (LDAP) or the provider's `sub` (OIDC); null for local users. */
  externalId: Type.Union([Type.String({ maxLength: 1024 }), Type.Null()]),
  status: UserStatus,
  lockedUntil: Type.Union([Timestamp, Type.Null()]),
  disabledAt: Type.Union([Timestamp, Type.Null()]),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type User = Static<typeof User>;

export const UserList = Page(User);
export type UserList = Static<typeof UserList>;

export const UserListQuery = ListQuery({ search: Type.Optional(Type.String({ maxLength: 100 })) });
export type UserListQuery = Static<typeof UserListQuery>;

export const UserUpdate = Type.Object(
  {
    role: Type.Optional(RoleSchema),
    email: Type.Optional(Email),
    displayName: Type.Optional(Type.Union([DisplayName, Type.Null()])),
  },
  { additionalProperties: false },
);
export type UserUpdate = Static<typeof UserUpdate>;

export const InviteCreate = Type.Object(
  {
    username: Username,
    email: Email,
    role: RoleSchema,
    /** How the invited person will sign in (an enabled provider); `local` sets a password through the link. */
    provider: Type.Optional(AuthProviderSchema),
    expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720, default: 72 })),
  },
  { additionalProperties: false },
);
export type InviteCreate = Static<typeof InviteCreate>;

export const Invite = Type.Object({
  id: Id,
  username: Type.String({ maxLength: 50 }),
  email: Type.String({ maxLength: 254 }),
  role: RoleSchema,
  provider: AuthProviderSchema,
  expiresAt: Timestamp,
  createdAt: Timestamp,
  createdBy: Type.Union([Type.String({ maxLength: 50 }), Type.Null()]),
  status: Type.Union([Type.Literal('pending'), Type.Literal('expired')]),
});
export type Invite = Static<typeof Invite>;

/** Newest first. */
export const InviteList = Page(Invite);
export type InviteList = Static<typeof InviteList>;
export const InviteListQuery = ListQuery();
export type InviteListQuery = Static<typeof InviteListQuery>;

/** The link is shown once: only its hash is stored. */
export const IssuedLink = Type.Object({
  id: Id,
  url: Type.String({ maxLength: 4096 }),
  expiresAt: Timestamp,
});
export type IssuedLink = Static<typeof IssuedLink>;

export const PasswordResetCreate = Type.Object(
  { expiresInHours: Type.Optional(Type.Integer({ minimum: 1, maximum: 720, default: 24 })) },
  { additionalProperties: false },
);
export type PasswordResetCreate = Static<typeof PasswordResetCreate>;

export const InvitePreview = Type.Object({
  username: Type.String({ maxLength: 50 }),
  email: Type.String({ maxLength: 254 }),
  role: RoleSchema,
  provider: AuthProviderSchema,
  expiresAt: Timestamp,
});
export type InvitePreview = Static<typeof InvitePreview>;

export const PasswordResetPreview = Type.Object({
  username: Type.String({ maxLength: 50 }),
  expiresAt: Timestamp,
});
export type PasswordResetPreview = Static<typeof PasswordResetPreview>;

export const NewPassword = Type.Object({ password: Password }, { additionalProperties: false });
export type NewPassword = Static<typeof NewPassword>;

export const AccountUpdate = Type.Object(
  {
    username: Type.Optional(Username),
    email: Type.Optional(Email),
    displayName: Type.Optional(Type.Union([DisplayName, Type.Null()])),
  },
  { additionalProperties: false },
);
export type AccountUpdate = Static<typeof AccountUpdate>;

export const PasswordChange = Type.Object(
  { currentPassword: Password, newPassword: Password },
  { additionalProperties: false },
);
export type PasswordChange = Static<typeof PasswordChange>;

export const Me = Type.Object({
  user: Type.Object({
    id: Id,
    username: Type.String({ maxLength: 50 }),
    email: Type.String({ maxLength: 254 }),
    displayName: Type.Union([Type.String({ maxLength: 100 }), Type.Null()]),
    role: RoleSchema,
    createdAt: Timestamp,
  }),
  permissions: Type.Array(PermissionSchema, { maxItems: 64 }),
  via: Type.Union([Type.Literal('session'), Type.Literal('token')]),
  token: Type.Optional(Type.Object({ id: Id, name: Type.String({ maxLength: 100 }) })),
  /** Your role requires a second factor: this session may only enrol one (it holds no permission until then). */
  secondFactorPending: Type.Optional(Type.Literal(true)),
});
export type Me = Static<typeof Me>;
