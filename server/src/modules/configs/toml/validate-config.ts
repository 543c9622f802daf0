import {
  MAX_TOML_FINDINGS,
  MAX_TOML_FINDING_MESSAGE,
  type TomlFinding,
  type ValidationResult,
} from '@telegraf-controller/contract/toml';
import { checkConfigStructure } from './config-structure.js';
import { literalCredentials } from './literal-credentials.js';
import { neutralizeOccurrences } from './neutralize.js';
import { type PlaceholderOccurrence, scanPlaceholders, summarizeOccurrences } from './placeholders.js';
import { parseTelegrafToml } from './telegraf-toml.js';
import { encodeValue } from './value-encoding.js';

/**
 * The verdict on a template before it is saved (ADR 17): placeholders are checked on the text as written,
 * then the text with placeholders neutralized goes through Telegraf's parser and Telegraf's structural rules.
 * Telegraf's parser stops at its first error, so there is at most one `syntax`/`telegraf-syntax` finding, and
 * structure is only checked once the text parses. Unknown plugins and literal credentials are warnings; everything
 * else blocks the save.
 */
export function validateConfig(text: string): ValidationResult {
  const scan = scanPlaceholders(text);
  const errors: TomlFinding[] = [...scan.problems, ...unusableDefaults(scan.occurrences)];
  const warnings: TomlFinding[] = [];

  const parsed = parseTelegrafToml(neutralizeOccurrences(text, scan.occurrences));
  if (!parsed.ok) {
    const { line, column, message, rule, hint } = parsed.error;
    errors.push({ line, column, message: hint === undefined ? message : `${message} (${hint})`, rule });
  } else {
    const structure = checkConfigStructure(parsed.document, parsed.origins);
    errors.push(...structure.errors);
    warnings.push(...structure.warnings, ...literalCredentials(parsed.document, parsed.origins, scan.occurrences));
  }

  return {
    valid: errors.length === 0,
    errors: bounded(errors),
    warnings: bounded(warnings),
    placeholders: summarizeOccurrences(scan.occurrences),
  };
}

/** A default is the value served whenever the URL omits the parameter, so it must fit where it is written. */
function unusableDefaults(occurrences: readonly PlaceholderOccurrence[]): TomlFinding[] {
  const findings: TomlFinding[] = [];
  for (const occurrence of occurrences) {
    if (occurrence.kind !== 'parameter' || occurrence.default === undefined) continue;
    const encoded = encodeValue(occurrence.default, occurrence.context, 'parameter');
    if (encoded.ok) continue;
    findings.push({
      line: occurrence.line,
      column: occurrence.column,
      message: `the default of parameter "${occurrence.name}" cannot be served here: ${encoded.reason}`,
      rule: 'placeholder',
    });
  }
  return findings;
}

/** In reading order, at most MAX_TOML_FINDINGS, each message within the contract's length. */
function bounded(findings: TomlFinding[]): TomlFinding[] {
  return findings
    .sort((a, b) => a.line - b.line || a.column - b.column)
    .slice(0, MAX_TOML_FINDINGS)
    .map((finding) =>
      finding.message.length <= MAX_TOML_FINDING_MESSAGE
        ? finding
        : { ...finding, message: `${finding.message.slice(0, MAX_TOML_FINDING_MESSAGE - 3)}...` },
    );
}
