/**
 * The parsed document is a plain tree: tables are objects, arrays of tables are arrays of objects, arrays are
 * arrays, and every scalar is a `{type, value}` object carrying what Telegraf's AST stores as its value: the decoded
 * text of a string, the source text of an integer or float without `_` (a leading `+` is kept, range is not checked,
 * as Telegraf only checks it when decoding), `true`/`false`, and the source text of a datetime. Keeping text avoids
 * losing big integers and local-vs-offset datetimes. A scalar is told apart from a table by its symbol brand, since
 * a table may well have keys named `type` and `value`.
 */
export const TOML_SCALAR: unique symbol = Symbol('toml scalar');

export type TomlScalarType = 'string' | 'integer' | 'float' | 'boolean' | 'datetime';

export interface TomlScalar {
  readonly [TOML_SCALAR]: true;
  readonly type: TomlScalarType;
  readonly value: string;
}

export interface TomlTable {
  readonly [key: string]: TomlValue;
}

export type TomlValue = TomlScalar | TomlTable | readonly TomlValue[];

export function createScalar(type: TomlScalarType, value: string): TomlScalar {
  return { [TOML_SCALAR]: true, type, value };
}

export function isTomlScalar(value: TomlValue): value is TomlScalar {
  return typeof value === 'object' && TOML_SCALAR in value;
}

export function isTomlTable(value: TomlValue): value is TomlTable {
  return !Array.isArray(value) && !isTomlScalar(value as TomlScalar);
}

/** Arrays of tables always hold at least one table, and plain arrays never hold tables. */
export function isTomlTableArray(value: TomlValue): value is readonly TomlTable[] {
  return Array.isArray(value) && value.length > 0 && isTomlTable(value[0] as TomlValue);
}

/** Sets an own property even for a key such as `__proto__`, which plain assignment would not create. */
export function setEntry(table: Record<string, TomlValue>, key: string, value: TomlValue): void {
  if (key === '__proto__')
    Object.defineProperty(table, key, { value, enumerable: true, writable: true, configurable: true });
  else table[key] = value;
}
