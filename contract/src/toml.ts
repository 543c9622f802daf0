import { Type, type Static } from 'typebox';

/**
 * The verdict on a configuration's TOML (`POST /api/configs/validate` and the save checks, ADR 17):
 * `syntax` — Telegraf's parser rejects it; `telegraf-syntax` — valid TOML 1.0 that Telegraf's parser still rejects;
 * `structure` — parses, but Telegraf refuses the layout (a key where a table belongs, `[processors.x]` without
 * `[[…]]`); `unknown-plugin` — a plugin name Telegraf does not register (a warning); `deprecated-plugin` — a plugin
 * the catalogue marks as deprecated (a warning); `placeholder` — a malformed `&{…}`/`::{…}` or a default that cannot
 * stand where it is written.
 */
export const TomlFindingRule = Type.Union([
  Type.Literal('syntax'),
  Type.Literal('telegraf-syntax'),
  Type.Literal('structure'),
  Type.Literal('unknown-plugin'),
  Type.Literal('deprecated-plugin'),
  Type.Literal('placeholder'),
  /** A credential written as a literal value: it belongs in `${ENV}` or `@{store:key}` (a warning). */
  Type.Literal('literal-credential'),
  /** Agents that load the configuration run a Telegraf that cannot run this text (a warning; issue 20 item 7). */
  Type.Literal('incompatible-agents'),
]);
export type TomlFindingRule = Static<typeof TomlFindingRule>;

/** Findings beyond these counts are dropped; the first ones are what a person fixes first anyway. */
export const MAX_TOML_FINDINGS = 200;
export const MAX_TOML_FINDING_MESSAGE = 1000;
/** Distinct placeholder names listed per kind. */
export const MAX_PLACEHOLDER_NAMES = 1000;
/** Longest `&{…}`/`::{…}` name and `&{name:default}` default; longer ones are reported as malformed. */
export const MAX_PLACEHOLDER_NAME = 128;
export const MAX_PARAMETER_DEFAULT = 65_536;
/** Longest `${VAR}` name or `@{store:key}` reference reported. */
export const MAX_REFERENCE_NAME = 1024;

/** Lines and columns are 1-based; columns count UTF-16 code units, as browser editors do. */
const Position = Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 });

export const TomlFinding = Type.Object({
  line: Position,
  column: Position,
  message: Type.String({ maxLength: MAX_TOML_FINDING_MESSAGE }),
  rule: TomlFindingRule,
});
export type TomlFinding = Static<typeof TomlFinding>;

/** A parameter is required when no occurrence gives a default; `default` is the first default written. */
export const PlaceholderParameter = Type.Object({
  name: Type.String({ maxLength: MAX_PLACEHOLDER_NAME }),
  default: Type.Optional(Type.String({ maxLength: MAX_PARAMETER_DEFAULT })),
});
export type PlaceholderParameter = Static<typeof PlaceholderParameter>;

/** Distinct names in first-seen order; secrets as `store:key`. Environment variables and secrets stay for Telegraf. */
export const PlaceholderSummary = Type.Object({
  parameters: Type.Array(PlaceholderParameter, { maxItems: MAX_PLACEHOLDER_NAMES }),
  constants: Type.Array(Type.String({ maxLength: MAX_PLACEHOLDER_NAME }), { maxItems: MAX_PLACEHOLDER_NAMES }),
  envVars: Type.Array(Type.String({ maxLength: MAX_REFERENCE_NAME }), { maxItems: MAX_PLACEHOLDER_NAMES }),
  secrets: Type.Array(Type.String({ maxLength: MAX_REFERENCE_NAME }), { maxItems: MAX_PLACEHOLDER_NAMES }),
});
export type PlaceholderSummary = Static<typeof PlaceholderSummary>;

export const ValidationResult = Type.Object({
  valid: Type.Boolean(),
  errors: Type.Array(TomlFinding, { maxItems: MAX_TOML_FINDINGS }),
  warnings: Type.Array(TomlFinding, { maxItems: MAX_TOML_FINDINGS }),
  placeholders: PlaceholderSummary,
});
export type ValidationResult = Static<typeof ValidationResult>;
