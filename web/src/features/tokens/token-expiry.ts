import type { TokenCreate } from '@telegraf-controller/contract/tokens';

export const EXPIRATION_OPTIONS = [
  { value: 'never', label: 'Never' },
  { value: '7', label: '7 days' },
  { value: '30', label: '30 days' },
  { value: '60', label: '60 days' },
  { value: '90', label: '90 days' },
  { value: '365', label: '1 year' },
  { value: 'custom', label: 'Custom date' },
];

const DAY_MS = 86_400_000;

/** Today as the `YYYY-MM-DD` of a date input, in UTC like the expiry it becomes. */
export function todayUtc(now = Date.now()): string {
  return new Date(now).toISOString().slice(0, 10);
}

/** A chosen day ends at its last millisecond in UTC. */
function endOfDayUtc(date: string): string {
  return `${date}T23:59:59.999Z`;
}

export function customDateProblem(date: string, now = Date.now()): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || Number.isNaN(Date.parse(endOfDayUtc(date)))) return 'Choose a date.';
  if (Date.parse(endOfDayUtc(date)) <= now) return 'Choose a date from today on.';
  return undefined;
}

/** The request fields for a choice of the Expiration select (and the date input when it is "custom"). */
export function expiryFields(expiration: string, date: string): Pick<TokenCreate, 'expiresAt' | 'expiresInDays'> {
  if (expiration === 'never') return {};
  if (expiration === 'custom') return { expiresAt: endOfDayUtc(date) };
  return { expiresInDays: Number(expiration) };
}

/** When the chosen expiry falls, for the hint under the select; null for "never" or an unfinished custom date. */
export function expiryPreview(expiration: string, date: string, now = Date.now()): string | null {
  if (expiration === 'never') return null;
  if (expiration === 'custom') return customDateProblem(date, now) ? null : endOfDayUtc(date);
  return new Date(now + Number(expiration) * DAY_MS).toISOString();
}
