import {
  MAX_PARAMETER_DEFAULT,
  MAX_PLACEHOLDER_NAME,
  MAX_PLACEHOLDER_NAMES,
  MAX_REFERENCE_NAME,
  MAX_TOML_FINDINGS,
  type PlaceholderSummary,
  type TomlFinding,
} from '@telegraf-controller/contract/toml';
import { createPositionLookup } from './text-position.js';

/**
 * Finds the four kinds of substitution in a template (ADR 17): parameters `&{name}`/`&{name:default}` and
 * constants `::{name}`, which the controller replaces when serving, and environment variables (`${VAR}`, `$VAR`,
 * `${VAR:-d}`, …) and secrets `@{store:key}`, which Telegraf resolves and the controller only lists.
 *
 * The text is walked with the lexical states of Telegraf's comment stripper, so a reference knows whether it stands
 * bare, inside one of the four string kinds, or in a comment. Telegraf never sees comments, so parameters and
 * constants there are ignored entirely; environment variables and secrets there are reported with context
 * `comment` and left out of the summary.
 */
export type PlaceholderKind = 'parameter' | 'constant' | 'env' | 'secret';
export type LexicalContext = 'bare' | 'basic' | 'literal' | 'ml-basic' | 'ml-literal' | 'comment';

export interface PlaceholderOccurrence {
  kind: PlaceholderKind;
  /** Parameter or constant name, variable name, or `store:key` for a secret. */
  name: string;
  /** Text after the first `:` of a parameter; an empty default (`&{a:}`) is a default. */
  default?: string;
  /** Offsets in the text, end exclusive, covering the whole reference (`${A:-…}` up to its first `}`). */
  start: number;
  end: number;
  line: number;
  column: number;
  context: LexicalContext;
}

export interface PlaceholderScan {
  occurrences: PlaceholderOccurrence[];
  /** Malformed parameters and constants, as `placeholder` findings (the first MAX_TOML_FINDINGS of them). */
  problems: TomlFinding[];
}

/** ADR 17: a default ends at the first `}` and no escape exists for a literal `&{`. */
const PARAMETER_NAME = /^[A-Za-z_][A-Za-z0-9_-]{0,127}$/;
const CONSTANT_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;
/** Telegraf's variable names (`[_a-z][_a-z0-9]*`, case-insensitive) and what may follow one inside `${…}`. */
const ENV_BRACED = /\$\{([_A-Za-z][_A-Za-z0-9]*)(?=\}|:?[-+?])/y;
const ENV_BARE = /\$([_A-Za-z][_A-Za-z0-9]*)/y;
/** Telegraf's `secretPattern`. */
const SECRET = /@\{(\w+):(\w+)\}/y;

interface ScanState {
  readonly text: string;
  readonly record: (occurrence: Omit<PlaceholderOccurrence, 'line' | 'column'>) => void;
  /** `describe` only runs for problems that are kept. */
  readonly complain: (offset: number, describe: () => string) => void;
  /** Offset of the next `char` at or after `from` (Infinity if none); cached, so a whole scan stays linear. */
  readonly nextOf: (char: string, from: number) => number;
}

export function scanPlaceholders(text: string): PlaceholderScan {
  const scan: PlaceholderScan = { occurrences: [], problems: [] };
  const positionAt = createPositionLookup(text);
  const state: ScanState = {
    text,
    record: (occurrence) => {
      const { line, column } = positionAt(occurrence.start);
      scan.occurrences.push(Object.assign(occurrence, { line, column }));
    },
    // Past the first MAX_TOML_FINDINGS nobody reads on, and a text of nothing but `&{` must stay cheap to scan.
    complain: (offset, describe) => {
      if (scan.problems.length >= MAX_TOML_FINDINGS) return;
      scan.problems.push({ ...positionAt(offset), message: describe(), rule: 'placeholder' });
    },
    nextOf: createFinder(text),
  };

  let context: LexicalContext = 'bare';
  let index = 0;
  while (index < text.length) {
    if ((context === 'bare' || context === 'basic' || context === 'ml-basic') && text[index] === '\\') {
      index += 2;
      continue;
    }
    const closing = closingLength(text, index, context);
    if (closing > 0) {
      context = context === 'bare' ? opening(text, index) : 'bare';
      index += closing;
      continue;
    }
    const char = text[index];
    if (char === '$') index = scanEnvironment(state, index, context);
    else if (char === '@') index = scanSecret(state, index, context);
    else if (context !== 'comment' && (char === '&' || char === ':')) index = scanPlaceholder(state, index, context);
    else index += 1;
  }
  return scan;
}

function createFinder(text: string): (char: string, from: number) => number {
  const cache = new Map<string, { from: number; at: number }>();
  return (char, from) => {
    const known = cache.get(char);
    if (known === undefined || known.from > from || (known.at !== -1 && known.at < from)) {
      cache.set(char, { from, at: text.indexOf(char, from) });
    }
    const at = cache.get(char)?.at ?? -1;
    return at === -1 ? Infinity : at;
  };
}

/** Length of the delimiter at `index` that opens (in `bare`) or closes the current context, or 0. */
function closingLength(text: string, index: number, context: LexicalContext): number {
  const char = text[index];
  switch (context) {
    case 'bare':
      if (char === "'") return text.startsWith("'''", index) ? 3 : 1;
      if (char === '"') return text.startsWith('"""', index) ? 3 : 1;
      return char === '#' ? 1 : 0;
    case 'comment':
      return char === '\n' ? 1 : 0;
    case 'literal':
      return char === "'" || char === '\n' ? 1 : 0;
    case 'basic':
      return char === '"' || char === '\n' ? 1 : 0;
    case 'ml-literal':
      return text.startsWith("'''", index) ? 3 : 0;
    case 'ml-basic':
      return text.startsWith('"""', index) ? 3 : 0;
  }
}

function opening(text: string, index: number): LexicalContext {
  if (text[index] === '#') return 'comment';
  if (text[index] === "'") return text.startsWith("'''", index) ? 'ml-literal' : 'literal';
  return text.startsWith('"""', index) ? 'ml-basic' : 'basic';
}

/**
 * `$$` is Telegraf's escape for `$`. A `${…}` only counts when its `}` is on the same line, as in Telegraf's pattern;
 * scanning goes on after the name, so `${A:-${B}}` yields A and B, and the occurrence of A ends at the first `}`.
 */
function scanEnvironment(state: ScanState, index: number, context: LexicalContext): number {
  const { text } = state;
  if (text[index + 1] === '$') return index + 2;
  ENV_BRACED.lastIndex = index;
  const braced = ENV_BRACED.exec(text);
  ENV_BARE.lastIndex = index;
  const name = (braced ?? ENV_BARE.exec(text))?.[1];
  if (name === undefined || name.length > MAX_REFERENCE_NAME) return index + 1;
  const afterName = index + (braced === null ? 1 : 2) + name.length;
  const brace = state.nextOf('}', afterName);
  if (braced !== null && brace > state.nextOf('\n', afterName)) return index + 1;
  state.record({ kind: 'env', name, start: index, end: braced === null ? afterName : brace + 1, context });
  return afterName;
}

function scanSecret(state: ScanState, index: number, context: LexicalContext): number {
  SECRET.lastIndex = index;
  const secret = SECRET.exec(state.text);
  if (secret === null || secret[0].length - 3 > MAX_REFERENCE_NAME) return index + 1;
  const end = index + secret[0].length;
  state.record({ kind: 'secret', name: `${secret[1]}:${secret[2]}`, start: index, end, context });
  return end;
}

/**
 * A parameter or constant body ends at the first `}`; it may not run past the end of its line or string (a `"` in
 * a basic string, a `'` in a literal one), nor be longer than a name and a default may be.
 */
function scanPlaceholder(state: ScanState, index: number, context: LexicalContext): number {
  const { text } = state;
  const kind = text.startsWith('&{', index) ? 'parameter' : text.startsWith('::{', index) ? 'constant' : undefined;
  if (kind === undefined) return index + 1;
  const from = index + (kind === 'parameter' ? 2 : 3);
  const quote = context === 'basic' || context === 'ml-basic' ? '"' : context === 'bare' ? undefined : "'";
  const stop = Math.min(
    state.nextOf('\n', from),
    state.nextOf('\r', from),
    quote ? state.nextOf(quote, from) : Infinity,
  );
  const close = state.nextOf('}', from);
  if (close > stop || close - from > MAX_PLACEHOLDER_NAME + 1 + MAX_PARAMETER_DEFAULT) {
    state.complain(index, () => {
      const written = quoted(text.slice(index, Math.min(stop, text.length, index + 61)));
      return `${kind} ${written} is not closed by "}" on the same line${inString(context)}`;
    });
    return from;
  }
  const body = text.slice(from, close);
  const colon = kind === 'parameter' ? body.indexOf(':') : -1;
  const name = colon === -1 ? body : body.slice(0, colon);
  if (!(kind === 'parameter' ? PARAMETER_NAME : CONSTANT_NAME).test(name)) {
    const allowed = kind === 'parameter' ? 'letters, digits, "_" and "-"' : 'letters, digits and "_"';
    state.complain(index, () => {
      const written = quoted(text.slice(index, Math.min(close + 1, index + 61)));
      return `${written} is not a valid ${kind}: a name starts with a letter or "_" and holds ${allowed} (128 at most)`;
    });
  } else if (colon === -1) {
    state.record({ kind, name, start: index, end: close + 1, context });
  } else if (body.length - colon - 1 > MAX_PARAMETER_DEFAULT) {
    state.complain(
      index,
      () => `the default of parameter "${name}" is longer than ${MAX_PARAMETER_DEFAULT} characters`,
    );
  } else {
    state.record({ kind, name, default: body.slice(colon + 1), start: index, end: close + 1, context });
  }
  return close + 1;
}

function quoted(written: string): string {
  return JSON.stringify(written.length > 60 ? `${written.slice(0, 57)}...` : written);
}

function inString(context: LexicalContext): string {
  if (context === 'basic' || context === 'ml-basic') return ' (inside a "string" it may not contain `"`)';
  if (context === 'literal' || context === 'ml-literal') return " (inside a 'string' it may not contain `'`)";
  return '';
}

/**
 * Distinct names per kind in first-seen order, leaving out comments. A parameter is required when none of its
 * occurrences has a default; otherwise it carries the first default written.
 */
export function summarizePlaceholders(text: string): PlaceholderSummary {
  return summarizeOccurrences(scanPlaceholders(text).occurrences);
}

export function summarizeOccurrences(occurrences: readonly PlaceholderOccurrence[]): PlaceholderSummary {
  const parameters = new Map<string, string | undefined>();
  const names: Record<Exclude<PlaceholderKind, 'parameter'>, Set<string>> = {
    constant: new Set(),
    env: new Set(),
    secret: new Set(),
  };
  for (const occurrence of occurrences) {
    if (occurrence.context === 'comment') continue;
    if (occurrence.kind !== 'parameter') names[occurrence.kind].add(occurrence.name);
    else if (parameters.get(occurrence.name) === undefined) parameters.set(occurrence.name, occurrence.default);
  }
  const first = <T>(items: Iterable<T>) => [...items].slice(0, MAX_PLACEHOLDER_NAMES);
  return {
    parameters: first(parameters).map(([name, fallback]) =>
      fallback === undefined ? { name } : { name, default: fallback },
    ),
    constants: first(names.constant),
    envVars: first(names.env),
    secrets: first(names.secret),
  };
}
