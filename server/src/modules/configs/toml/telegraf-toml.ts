import { blankComments } from './comment-blanking.js';
import { buildDocument } from './document-builder.js';
import { MAX_NESTING } from './grammar-cursor.js';
import { recognizeToml } from './grammar-document.js';
import { explainRejection } from './telegraf-rejections.js';
import { type TextPosition, createPositionLookup } from './text-position.js';
import type { TomlTable } from './toml-values.js';

/**
 * Parses a config the way Telegraf does before it looks at plugins (`parseConfig` in config/config.go, strict
 * environment handling): trim a UTF-8 BOM, drop comments, then the `influxdata/toml` grammar and its actions.
 * Whatever Telegraf's parser accepts is accepted here and whatever it rejects is rejected, with its message.
 *
 * `message` is Telegraf's text, `line N` included, counted as Telegraf counts (a syntax error is reported on the
 * line after the furthest point the grammar reached, which is the next line when that point is a line break).
 * `line`/`column` locate the first offending character in the original text, BOM and comments included.
 */
export type TelegrafTomlResult =
  | { ok: true; document: TomlTable; origins: TomlOrigins }
  | { ok: false; error: TomlSyntaxError };

export interface TomlSyntaxError extends TextPosition {
  message: string;
  /** `telegraf-syntax` when the text is valid TOML 1.0 of a kind Telegraf's grammar refuses (then `hint` says so). */
  rule: 'syntax' | 'telegraf-syntax';
  /** What to write instead, for constructs recognized around the failure. */
  hint?: string;
}

/** Where each table, array of tables and key was first defined (its header's `[` or its key). */
export interface TomlOrigins {
  find(path: readonly string[]): TextPosition | undefined;
}

const BOM = '\uFEFF';

export function parseTelegrafToml(text: string): TelegrafTomlResult {
  const shift = text.startsWith(BOM) ? 1 : 0;
  const src = blankComments(text.slice(shift));
  const positionAt = createPositionLookup(text);
  const recognized = recognizeToml(src);
  if (!recognized.ok) {
    if (recognized.tooDeepAt !== undefined) {
      const message = `line ${lineOf(src, recognized.tooDeepAt)}: arrays and inline tables nest deeper than ${MAX_NESTING} levels`;
      return { ok: false, error: { ...positionAt(recognized.tooDeepAt + shift), message, rule: 'syntax' } };
    }
    // Go's parseError.Line: line breaks up to and including the furthest position, plus one.
    const message = `line ${lineOf(src, recognized.furthest + 1)}: invalid TOML syntax`;
    return {
      ok: false,
      error: syntaxError(src, recognized.furthest, message, positionAt(recognized.furthest + shift)),
    };
  }
  const built = buildDocument(src, recognized.events);
  if (!built.ok) {
    return { ok: false, error: syntaxError(src, built.offset, built.message, positionAt(built.offset + shift)) };
  }
  const originOf = built.originOf;
  return {
    ok: true,
    document: built.document,
    origins: {
      find: (path) => {
        const offset = originOf(path);
        return offset === undefined ? undefined : positionAt(offset + shift);
      },
    },
  };
}

function syntaxError(src: string, offset: number, message: string, at: TextPosition): TomlSyntaxError {
  const rejection = explainRejection(src, offset, message);
  if (rejection === undefined) return { ...at, message, rule: 'syntax' };
  return { ...at, message, rule: rejection.rule, hint: rejection.hint };
}

function lineOf(src: string, end: number): number {
  let line = 1;
  for (let index = src.indexOf('\n'); index !== -1 && index < end; index = src.indexOf('\n', index + 1)) line += 1;
  return line;
}
