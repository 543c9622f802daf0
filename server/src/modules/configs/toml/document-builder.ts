import type { GrammarEvent } from './grammar-cursor.js';
import { decodeMultilineBasic, unquoteLikeGo } from './go-unquote.js';
import { type TomlTable, type TomlValue, createScalar, setEntry } from './toml-values.js';

/**
 * Executes the grammar's actions the way the fork's `parse.go` does, quirks included: an inline table is a table
 * that was never "defined", so `[a]` may reopen it (and a second `a = {…}` merges into it); a key/value whose value
 * holds inline tables is dropped in favour of the tables; `[t]` followed by `[[t]]` conflicts. Error texts are
 * Go's, and `line N` is Go's count: one per CR or LF before the action, so a key/value reports the line its value
 * ends on.
 */
export type BuiltDocument =
  | { ok: true; document: TomlTable; originOf: (path: readonly string[]) => number | undefined }
  | { ok: false; offset: number; message: string };

/** `origin`: offset of the header's `[` or of the key that first created the entry. */
interface AstTable {
  kind: 'table';
  origin: number;
  line: number;
  defined: boolean;
  fields: Map<string, AstEntry>;
}
interface AstTableArray {
  kind: 'table-array';
  origin: number;
  tables: AstTable[];
}
interface AstKeyValue {
  kind: 'key-value';
  origin: number;
  line: number;
  value: TomlValue | undefined;
}
type AstEntry = AstTable | AstTableArray | AstKeyValue;

interface ArrayFrame {
  parent: ArrayFrame | undefined;
  items: (TomlValue | undefined)[];
}

export function buildDocument(src: string, events: readonly GrammarEvent[]): BuiltDocument {
  const root = newTable(0, 1);
  let current = root;
  let key = '';
  let keyStart = 0;
  let tableKeys: string[] = [];
  let value: TomlValue | undefined;
  let array: ArrayFrame | undefined;
  const inline: { key: string; keyStart: number; table: AstTable }[] = [];
  let skip = false;
  let line = 1;
  let counted = 0;

  const lineAt = (at: number): number => {
    for (; counted < at; counted += 1) {
      const code = src.charCodeAt(counted);
      if (code === 0x0a || code === 0x0d) line += 1;
    }
    return line;
  };
  const fail = (offset: number, at: number, message: string): BuiltDocument => ({
    ok: false,
    offset,
    message: `line ${lineAt(at)}: ${message}`,
  });
  const lookupTable = (table: AstTable, names: string[], offset: number, at: number): AstTable | string => {
    for (const name of names) {
      const entry = table.fields.get(name);
      if (entry === undefined) {
        const created = newTable(offset, lineAt(at));
        table.fields.set(name, created);
        table = created;
      } else if (entry.kind === 'table') {
        table = entry;
      } else if (entry.kind === 'table-array') {
        table = entry.tables[entry.tables.length - 1] as AstTable;
      } else {
        return `key \`${name}' is in conflict with line ${entry.line}`;
      }
    }
    return table;
  };

  const openTable = (
    parent: AstTable,
    name: string,
    names: string[],
    arrayTable: boolean,
    offset: number,
    at: number,
  ) => {
    const found = lookupTable(parent, names.slice(0, -1), offset, at);
    if (typeof found === 'string') return found;
    const last = names[names.length - 1] as string;
    const table = newTable(offset, lineAt(at));
    const existing = found.fields.get(last);
    const what = arrayTable ? 'array table' : 'table';
    if (existing === undefined) {
      found.fields.set(last, arrayTable ? { kind: 'table-array', origin: offset, tables: [table] } : table);
    } else if (existing.kind === 'table-array') {
      if (!arrayTable) return `table \`${name}' is in conflict with array table in line ${existing.tables[0]?.line}`;
      existing.tables.push(table);
    } else if (existing.kind === 'table') {
      if (arrayTable || existing.defined)
        return `${what} \`${name}' is in conflict with table in line ${existing.line}`;
      table.fields = existing.fields;
      table.origin = existing.origin;
      found.fields.set(last, table);
    } else {
      return `${what} \`${name}' is in conflict with line ${existing.line}`;
    }
    current = table;
    return undefined;
  };

  for (const event of events) {
    switch (event.kind) {
      case 'key': {
        const decoded = event.raw.startsWith('"') ? unquoteLikeGo(event.raw.slice(1, -1)) : event.raw;
        if (decoded === undefined) return fail(event.start, event.at, 'invalid syntax');
        key = decoded;
        keyStart = event.start;
        break;
      }
      case 'table-key':
        tableKeys.push(key);
        break;
      case 'table': {
        const error = openTable(root, event.raw, tableKeys, event.array, event.start, event.at);
        if (error !== undefined) return fail(event.start, event.at, error);
        tableKeys = [];
        break;
      }
      case 'table-end':
        current.defined = true;
        break;
      case 'key-value': {
        if (skip) {
          skip = false;
          break;
        }
        const existing = current.fields.get(key);
        if (existing !== undefined) return fail(event.start, event.at, keyConflict(key, existing));
        current.fields.set(key, { kind: 'key-value', origin: event.start, line: lineAt(event.at), value });
        break;
      }
      case 'scalar':
        value = createScalar(
          event.type,
          event.type === 'integer' || event.type === 'float' ? event.raw.replaceAll('_', '') : event.raw,
        );
        break;
      case 'string': {
        const decoded = decodeString(event.style, event.body);
        if (decoded === undefined) return fail(event.start, event.at, 'invalid syntax');
        value = createScalar('string', decoded);
        break;
      }
      case 'array-start':
        array = { parent: array, items: [] };
        break;
      case 'array-value':
        array?.items.push(value);
        break;
      case 'array-end':
        value = (array?.items ?? []) as TomlValue;
        array = array?.parent;
        break;
      case 'inline-start': {
        skip = false;
        inline.push({ key, keyStart, table: current });
        const error = openTable(current, key, [key], array !== undefined, keyStart, event.at);
        if (error !== undefined) return fail(keyStart, event.at, error);
        break;
      }
      case 'inline-end': {
        const frame = inline.pop();
        if (frame !== undefined) ({ key, keyStart, table: current } = frame);
        skip = true;
        break;
      }
    }
  }
  return { ok: true, document: toDocument(root), originOf: (path) => findEntry(root, path)?.origin };
}

function newTable(origin: number, line: number): AstTable {
  return { kind: 'table', origin, line, defined: false, fields: new Map() };
}

/**
 * Walks a path; through an array of tables it continues in the first table, where the plugin was declared, unless
 * the next segment is `#n`, which picks the n-th table (0-based).
 */
function findEntry(root: AstTable, path: readonly string[]): AstEntry | undefined {
  let entry: AstEntry | undefined = root;
  for (let i = 0; i < path.length; i++) {
    const name = path[i]!;
    const picked = pickTable(entry, name);
    if (picked !== undefined) {
      entry = picked;
      continue;
    }
    const table: AstTable | undefined =
      entry?.kind === 'table' ? entry : entry?.kind === 'table-array' ? entry.tables[0] : undefined;
    entry = table?.fields.get(name);
  }
  return entry;
}

/** The n-th table of an array of tables, for a path segment `#n`. */
function pickTable(entry: AstEntry | undefined, segment: string): AstTable | undefined {
  if (entry?.kind !== 'table-array' || !/^#\d+$/.test(segment)) return undefined;
  return entry.tables[Number(segment.slice(1))];
}

function keyConflict(key: string, existing: AstEntry): string {
  if (existing.kind === 'table') return `key \`${key}' is in conflict with table in line ${existing.line}`;
  if (existing.kind === 'key-value') return `key \`${key}' is in conflict with line ${existing.line}`;
  // Go's own fallback for an array of tables (`%T` of []*ast.Table), reproduced as Telegraf prints it.
  return `BUG: key \`${key}' is in conflict but it's unknown type \`[]*ast.Table'`;
}

function decodeString(style: string, body: string): string | undefined {
  if (style === 'basic') return unquoteLikeGo(body);
  if (style === 'ml-basic') return decodeMultilineBasic(body);
  if (style === 'ml-literal') return body.replace(/^[\r\n]+/, '');
  return body;
}

function toDocument(table: AstTable): TomlTable {
  const result: Record<string, TomlValue> = {};
  for (const [name, entry] of table.fields) {
    if (entry.kind === 'table') setEntry(result, name, toDocument(entry));
    else if (entry.kind === 'table-array') setEntry(result, name, entry.tables.map(toDocument));
    // A value is only missing after an inline table in an array, and then Go skipped the key/value.
    else if (entry.value !== undefined) setEntry(result, name, entry.value);
  }
  return result;
}
