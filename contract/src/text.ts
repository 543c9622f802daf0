import { Type } from 'typebox';

/**
 * Names and descriptions people type. A name stands on one line: no C0 or C1 control character, no DEL, no Unicode
 * line or paragraph separator, and at least one character that is not a space. A description may span lines (line
 * feeds and tabs), nothing else of those. Letters of every script, emoji, combining marks and right-to-left text
 * are welcome; the server stores names NFC-normalized and trimmed.
 */
const NAME_PATTERN =
  '^(?=[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]*\\S)[^\\u0000-\\u001F\\u007F-\\u009F\\u2028\\u2029]*$';
const DESCRIPTION_PATTERN = '^[^\\u0000-\\u0008\\u000B-\\u001F\\u007F-\\u009F\\u2028\\u2029]*$';

/** A name of at most `maxLength` characters (what creates and updates accept). */
export const NameText = (maxLength: number, description = 'text on one line, without control characters') =>
  Type.String({ minLength: 1, maxLength, pattern: NAME_PATTERN, description });

/** A description of at most `maxLength` characters (what creates and updates accept). */
export const DescriptionText = (maxLength: number) =>
  Type.String({
    maxLength,
    pattern: DESCRIPTION_PATTERN,
    description: 'text without control characters other than line feeds and tabs',
  });
