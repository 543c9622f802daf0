import { type PlaceholderOccurrence, scanPlaceholders } from './placeholders.js';

/**
 * A template is validated with every `&{…}` and `::{…}` replaced by a stand-in of the same length (ADR 17):
 * `x`s inside strings, and outside them `0` padded with spaces, so `port = &{port:8080}` checks as a number. Keeping
 * the length keeps every line and column of a finding where the author wrote it. `${…}` and `@{…}` are left alone:
 * Telegraf itself sees them, and an unquoted `${PORT}` is an error it will report.
 *
 * Each distinct placeholder gets its own stand-in (the first `xxxx`/`0`, the next `xxx1`/`1`, …), so two keys
 * written as `"&{a}"` and `"&{b}"` do not look like a duplicate key, while `"&{a}"` twice still does.
 */
export function neutralizePlaceholders(text: string): string {
  return neutralizeOccurrences(text, scanPlaceholders(text).occurrences);
}

export function neutralizeOccurrences(text: string, occurrences: readonly PlaceholderOccurrence[]): string {
  const ordinals = new Map<string, number>();
  let result = '';
  let copied = 0;
  for (const occurrence of occurrences) {
    if (occurrence.kind !== 'parameter' && occurrence.kind !== 'constant') continue;
    const written = text.slice(occurrence.start, occurrence.end);
    const ordinal = ordinals.get(written) ?? ordinals.size;
    ordinals.set(written, ordinal);
    result += text.slice(copied, occurrence.start) + standIn(occurrence.context === 'bare', written.length, ordinal);
    copied = occurrence.end;
  }
  return result + text.slice(copied);
}

function standIn(bare: boolean, length: number, ordinal: number): string {
  if (bare) {
    const number = String(ordinal);
    return (number.length <= length ? number : '0').padEnd(length, ' ');
  }
  const suffix = ordinal === 0 ? '' : ordinal.toString(36);
  return suffix.length < length ? suffix.padStart(length, 'x') : 'x'.repeat(length);
}
