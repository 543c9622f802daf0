import { Type, type Static } from 'typebox';
import { AUTH_PROVIDERS, AuthProviderSchema, Email, Password, Username } from './users.js';

export const AuthStatus = Type.Object({
  setupRequired: Type.Boolean(),
  /** The ways to sign in that are enabled, in the order the sign-in page offers them. */
  providers: Type.Array(AuthProviderSchema, { maxItems: AUTH_PROVIDERS.length }),
  /** The single sign-on button's label, when OIDC is enabled. */
  oidcDisplayName: Type.Optional(Type.String({ maxLength: 64 })),
});
export type AuthStatus = Static<typeof AuthStatus>;

export const SetupRequest = Type.Object(
  { username: Username, email: Email, password: Password },
  { additionalProperties: false },
);
export type SetupRequest = Static<typeof SetupRequest>;

export const LoginRequest = Type.Object(
  {
    username: Type.String({ minLength: 1, maxLength: 254 }),
    password: Password,
    /** The second factor, when the account has one: six digits from the app, or a recovery code. */
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 32 })),
  },
  { additionalProperties: false },
);
export type LoginRequest = Static<typeof LoginRequest>;

/** The rules a new password must meet at each level (ADR 18). */
export const PASSWORD_RULES = {
  low: { minLength: 8, upper: false, lower: false, digit: false, special: false },
  medium: { minLength: 10, upper: true, lower: true, digit: true, special: false },
  high: { minLength: 12, upper: true, lower: true, digit: true, special: true },
} as const;
export type PasswordComplexity = keyof typeof PASSWORD_RULES;
export const PasswordComplexitySchema = Type.Union([Type.Literal('low'), Type.Literal('medium'), Type.Literal('high')]);

/** Every rule the password breaks, in words a form can show; empty when it is good enough. */
export function passwordProblems(password: string, level: PasswordComplexity): string[] {
  const rules = PASSWORD_RULES[level];
  const problems: string[] = [];
  if ([...password].length < rules.minLength) problems.push(`at least ${rules.minLength} characters`);
  if (rules.upper && !/[A-Z]/.test(password)) problems.push('an upper-case letter');
  if (rules.lower && !/[a-z]/.test(password)) problems.push('a lower-case letter');
  if (rules.digit && !/[0-9]/.test(password)) problems.push('a digit');
  if (rules.special && !/[^A-Za-z0-9]/.test(password)) problems.push('a special character');
  return problems;
}

/** Signing out of a single sign-on session: the provider's logout page, where the browser goes next. */
export const LogoutRedirect = Type.Object({ endSessionUrl: Type.String({ maxLength: 16_384 }) });
export type LogoutRedirect = Static<typeof LogoutRedirect>;
