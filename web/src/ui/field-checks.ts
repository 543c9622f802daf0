import { AliasName, RESERVED_ALIASES } from '@telegraf-controller/contract/configs';
import { DisplayName, Email, Username } from '@telegraf-controller/contract/users';
import { schemaNumber, schemaPattern } from './schema-bounds';

/**
 * Quick checks before a form is sent, with limits read from the contract's schemas so they cannot drift from the
 * server's. The server still judges (uniqueness, email format); its messages replace these.
 */
export const USERNAME_MAX_LENGTH = schemaNumber(Username, 'maxLength');
export const EMAIL_MAX_LENGTH = schemaNumber(Email, 'maxLength');
export const DISPLAY_NAME_MAX_LENGTH = schemaNumber(DisplayName, 'maxLength');
const USERNAME_MIN_LENGTH = schemaNumber(Username, 'minLength');
const USERNAME_PATTERN = schemaPattern(Username);
const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;
export const ALIAS_MAX_LENGTH = schemaNumber(AliasName, 'maxLength');
const ALIAS_PATTERN = schemaPattern(AliasName);
const RESERVED = new Set<string>(RESERVED_ALIASES);

export function usernameProblem(value: string): string | undefined {
  const username = value.trim();
  if (username.length < USERNAME_MIN_LENGTH || username.length > USERNAME_MAX_LENGTH) {
    return `Username must be ${USERNAME_MIN_LENGTH} to ${USERNAME_MAX_LENGTH} characters.`;
  }
  if (!USERNAME_PATTERN.test(username)) return 'Use only letters, digits, dots, dashes and underscores.';
  return undefined;
}

export function emailProblem(value: string): string | undefined {
  const email = value.trim();
  if (!EMAIL_SHAPE.test(email) || email.length > EMAIL_MAX_LENGTH) return 'Enter a valid email address.';
  return undefined;
}

/** A whole number within the bounds, or a message naming the field. */
export function integerProblem(value: string, label: string, min: number, max: number): string | undefined {
  const number = Number(value);
  if (value.trim() === '' || !Number.isInteger(number) || number < min || number > max) {
    return `${label} must be a whole number from ${min} to ${max}.`;
  }
  return undefined;
}

/** An alias of a configuration or group (`/c/{alias}`); whether it is taken only the server knows. */
export function aliasProblem(value: string): string | undefined {
  const alias = value.trim();
  if (!ALIAS_PATTERN.test(alias)) {
    return 'Use 3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit.';
  }
  if (RESERVED.has(alias)) return `“${alias}” is reserved.`;
  return undefined;
}
