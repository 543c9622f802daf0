import { type PlaceholderOccurrence, scanPlaceholders, summarizeOccurrences } from './placeholders.js';
import { encodeValue } from './value-encoding.js';

/**
 * Renders a template for an agent: every `&{…}` and `::{…}` outside comments is replaced in one pass, each value
 * escaped for the place it lands; `${…}` and `@{…}` stay for Telegraf. Nothing is served unless every placeholder
 * resolves, and a failure lists all that is wrong at once so one request is enough to fix the URL or the constants.
 */
export interface RenderValues {
  /** Decoded query parameters; an empty string given explicitly is a value, not a missing parameter. */
  parameters: Readonly<Record<string, string>>;
  constants: Readonly<Record<string, string>>;
}

export interface Unrepresentable {
  name: string;
  reason: string;
}

export type RenderResult =
  | { ok: true; toml: string; uses: ReadonlySet<string> }
  | { ok: false; missingParameters: string[]; undefinedConstants: string[]; unrepresentable: Unrepresentable[] };

export function renderTemplate(text: string, values: RenderValues): RenderResult {
  const { occurrences } = scanPlaceholders(text);
  const defaults = new Map(
    summarizeOccurrences(occurrences).parameters.map((parameter) => [parameter.name, parameter.default]),
  );
  const missing = new Set<string>();
  const undefinedConstants = new Set<string>();
  const unrepresentable = new Map<string, Unrepresentable>();
  /** Every parameter name the template uses: no other query parameter can change the result. */
  const uses = new Set<string>();
  let toml = '';
  let copied = 0;

  for (const occurrence of occurrences) {
    if (occurrence.kind !== 'parameter' && occurrence.kind !== 'constant') continue;
    if (occurrence.kind === 'parameter') uses.add(occurrence.name);
    const value = valueFor(occurrence, values, defaults);
    if (value === undefined) {
      (occurrence.kind === 'parameter' ? missing : undefinedConstants).add(occurrence.name);
      continue;
    }
    const encoded = encodeValue(value, occurrence.context, occurrence.kind);
    const reason = encoded.ok ? trimmedAway(text, occurrence, value) : encoded.reason;
    if (reason !== undefined) {
      unrepresentable.set(`${occurrence.name}\u0000${reason}`, { name: occurrence.name, reason });
    } else if (encoded.ok) {
      toml += text.slice(copied, occurrence.start) + encoded.text;
      copied = occurrence.end;
    }
  }

  if (missing.size === 0 && undefinedConstants.size === 0 && unrepresentable.size === 0) {
    return { ok: true, toml: toml + text.slice(copied), uses };
  }
  return {
    ok: false,
    missingParameters: [...missing].sort(),
    undefinedConstants: [...undefinedConstants].sort(),
    unrepresentable: [...unrepresentable.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}

/** The query's value, else this occurrence's default, else the first default the template gives the parameter. */
function valueFor(
  occurrence: PlaceholderOccurrence,
  values: RenderValues,
  defaults: ReadonlyMap<string, string | undefined>,
): string | undefined {
  if (occurrence.kind === 'constant') {
    return Object.hasOwn(values.constants, occurrence.name) ? values.constants[occurrence.name] : undefined;
  }
  if (Object.hasOwn(values.parameters, occurrence.name)) return values.parameters[occurrence.name];
  return occurrence.default ?? defaults.get(occurrence.name);
}

/**
 * Telegraf strips every line break at the start of a `'''` string, so a value opening with one would silently
 * lose it when nothing but line breaks stands between the delimiter and the placeholder.
 */
function trimmedAway(text: string, occurrence: PlaceholderOccurrence, value: string): string | undefined {
  if (occurrence.context !== 'ml-literal' || !/^[\r\n]/.test(value)) return undefined;
  let before = occurrence.start;
  while (before > 0 && /[\r\n]/.test(text[before - 1] ?? '')) before -= 1;
  if (!text.startsWith("'''", before - 3)) return undefined;
  return "Telegraf drops line breaks at the start of a '''literal string'''";
}
