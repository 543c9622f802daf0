import { type TomlValue, isTomlScalar } from '../src/modules/configs/toml/toml-values.js';

/**
 * A parsed document in the notation Telegraf's TOML probes use: every scalar is `{<type>: <value as Telegraf's AST
 * stores it>}`, so a test compares types and texts at once.
 */
export function inProbeNotation(value: TomlValue): unknown {
  if (isTomlScalar(value)) return { [value.type]: value.value };
  if (Array.isArray(value)) return value.map((item: TomlValue) => inProbeNotation(item));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, inProbeNotation(item)]));
}
