import type { TomlFinding } from '@telegraf-controller/contract/toml';
import type { PlaceholderOccurrence } from './placeholders.js';
import type { TomlOrigins } from './telegraf-toml.js';
import { type TomlTable, type TomlValue, isTomlScalar, isTomlTable, isTomlTableArray } from './toml-values.js';

/** A field or header name as lower-case words: `accessKey`, `X-Api-Key` and `access_key` read alike. */
const words = (name: string) =>
  name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');

/** Names that hold a credential in Telegraf's plugins, headers such as `Authorization` or `X-Auth-Token` too. */
const CREDENTIAL =
  /(^|_)(password|passwd|pwd|passphrase|token|secret|apikey|credentials?|authorization)(_|$)|(^|_)(api|access|secret|private|auth|client|shared)_key$/;
/** Names of that kind that hold a file, a kind or a place, never the credential itself. */
const NOT_A_CREDENTIAL = /_(file|path|type|source|url|name|id|dir|command)$|^(tls_key|bearer_token|token_file)$/;
/** A value that is a file, not a credential: an absolute or home path, or a key or certificate file's name. */
const FILE_LIKE = /^(\/|~\/|\.\.?\/|[A-Za-z]:[\\/])|\.(pem|key|crt|cer|creds|json|p12|pfx|jks)$/i;

const CATEGORIES = ['inputs', 'outputs', 'processors', 'aggregators', 'secretstores'] as const;
const MAX_DEPTH = 4;

/**
 * The environment variable a quick fix suggests: plugin and field, upper-case (`INFLUXDB_V2_TOKEN`), and the
 * instance's number after the first (`INFLUXDB_V2_TOKEN_2`), so two instances never end up sharing one credential.
 */
export function suggestedVariable(plugin: string, field: string, instance = 0): string {
  const name = `${plugin}_${words(field)}`
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return instance === 0 ? name : `${name}_${instance + 1}`;
}

/**
 * Credentials written as literal values (issue 20 item 8): a password, token, key or secret field of a plugin (or a
 * header such as `Authorization`) holding a plain string. It is served to every agent and kept in every version, so
 * it is a warning naming `${ENV}` (the agent's environment) and `@{store:key}` (a secret store) instead. A value on a
 * line with any substitution (`${…}`, `$VAR`, `@{…}`, `&{…}`, `::{…}`), an empty one and a file's path are left alone.
 */
export function literalCredentials(
  document: TomlTable,
  origins: TomlOrigins,
  occurrences: readonly PlaceholderOccurrence[],
): TomlFinding[] {
  const substituted = new Set(occurrences.filter((o) => o.context !== 'comment').map((o) => o.line));
  const findings: TomlFinding[] = [];
  const visit = (plugin: string, instance: number, path: string[], table: TomlTable, depth: number) => {
    for (const [field, value] of Object.entries(table)) {
      if (isTomlTable(value) && depth < MAX_DEPTH) {
        visit(plugin, instance, [...path, field], value, depth + 1);
        continue;
      }
      if (!isCredential(field, value)) continue;
      const at = origins.find([...path, field]);
      if (at === undefined || substituted.has(at.line)) continue;
      const variable = suggestedVariable(plugin, field, instance);
      findings.push({
        line: at.line,
        column: at.column,
        message: `${field} of ${path[0]}.${plugin} is a literal credential, served to every agent and kept in every version: use \${${variable}} (set on the agent) or @{store:key} (a secret store)`,
        rule: 'literal-credential',
      });
    }
  };
  for (const category of CATEGORIES) {
    const plugins = document[category];
    if (plugins === undefined || !isTomlTable(plugins)) continue;
    for (const [plugin, declaration] of Object.entries(plugins)) {
      if (isTomlTableArray(declaration)) {
        declaration.forEach((table, index) => visit(plugin, index, [category, plugin, `#${index}`], table, 0));
      } else if (isTomlTable(declaration)) {
        visit(plugin, 0, [category, plugin], declaration, 0);
      }
    }
  }
  return findings;
}

function isCredential(field: string, value: TomlValue): boolean {
  const name = words(field);
  if (!CREDENTIAL.test(name) || NOT_A_CREDENTIAL.test(name)) return false;
  if (!isTomlScalar(value) || value.type !== 'string') return false;
  const text = value.value.trim();
  return text !== '' && !FILE_LIKE.test(text);
}
