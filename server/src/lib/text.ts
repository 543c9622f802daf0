/**
 * What both engines can store and show. PostgreSQL refuses NUL in text (and `\u0000` in JSON); an unpaired UTF-16
 * surrogate has no UTF-8 form, so drivers replace it or fail. Names and descriptions also refuse the characters that
 * break a line or a display: C0 and C1 controls, DEL, and the Unicode line and paragraph separators.
 */

/** NUL or an unpaired surrogate: no engine stores it as sent. */
export function isStorable(value: string): boolean {
  return !value.includes('\u0000') && value.isWellFormed();
}

/** The value with NUL and unpaired surrogates replaced by U+FFFD, cut to `maxLength` UTF-16 units. */
export function toStorable(value: string, maxLength: number): string {
  let text = value.includes('\u0000') ? value.replaceAll('\u0000', '\uFFFD') : value;
  if (text.length > maxLength) text = text.slice(0, maxLength);
  // Cutting may split a pair; the check is cheap and catches both cases.
  return text.isWellFormed() ? text : text.toWellFormed();
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
// eslint-disable-next-line no-control-regex
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

/** Whether a name holds a character that cannot stand in one line of text. */
export function hasControlCharacter(value: string): boolean {
  return CONTROL.test(value);
}

/** A name as stored: NFC, trimmed, control characters replaced by a space (for names stored before the rule). */
export function normalizeName(value: string): string {
  return value.replace(CONTROL_ALL, ' ').normalize('NFC').trim();
}

/** The key that makes names unique without regard to case (or to how a character was composed). */
export function nameKey(value: string): string {
  return normalizeName(value).toLowerCase();
}
