import { passwordProblems, type PasswordComplexity } from '@telegraf-controller/contract/auth';
import { AppError } from '../../http/errors.js';

/** 400 password_too_weak naming the field and every rule the password breaks at the current level. */
export function assertStrongPassword(password: string, level: PasswordComplexity, pointer: string): void {
  const problems = passwordProblems(password, level);
  if (problems.length === 0) return;
  const message = `needs ${problems.join(', ')} (password complexity: ${level})`;
  throw new AppError('password_too_weak', `The password ${message}`, { errors: [{ pointer, message }] });
}
