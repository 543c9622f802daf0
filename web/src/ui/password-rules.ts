import { PASSWORD_RULES, passwordProblems, type PasswordComplexity } from '@telegraf-controller/contract/auth';

function listInWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** The rules of one complexity level as a sentence: "At least 10 characters, with an upper-case letter, …". */
export function passwordRulesText(level: PasswordComplexity): string {
  const rules = PASSWORD_RULES[level];
  const classes = [
    rules.upper && 'an upper-case letter',
    rules.lower && 'a lower-case letter',
    rules.digit && 'a digit',
    rules.special && 'a special character',
  ].filter((rule): rule is string => typeof rule === 'string');
  const length = `At least ${rules.minLength} characters`;
  return classes.length ? `${length}, with ${listInWords(classes)}.` : `${length}.`;
}

/**
 * Client-side messages for a new password and its confirmation. The complexity level is known only to callers
 * that may read the settings; without it the server alone judges the password.
 */
export function newPasswordProblems(
  password: string,
  confirmation: string,
  level: PasswordComplexity | undefined,
): { password?: string; confirmation?: string } {
  const problems: { password?: string; confirmation?: string } = {};
  if (!password) problems.password = 'Enter a password.';
  else if (level) {
    const missing = passwordProblems(password, level);
    if (missing.length) problems.password = `The password needs ${listInWords(missing)}.`;
  }
  if (confirmation !== password) problems.confirmation = 'Passwords do not match.';
  return problems;
}
