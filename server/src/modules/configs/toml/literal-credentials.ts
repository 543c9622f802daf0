import type { TomlFinding } from '@telegraf-controller/contract/toml';
import type { TomlOrigins } from './telegraf-toml.js';
import { type TomlTable, type TomlValue, isTomlScalar, isTomlTable, isTomlTableArray } from './toml-values.js';

/** Field names that hold a credential in Telegraf's plugins (a header such as `Authorization` too). */
const CREDENTIAL_FIELD =
  /(^|_)(password|passwd|pwd|token|secret|api_?key|apikey|access_key|secret_key|private_key|credentials?|authorization|auth_token|x-api-key)$/i;
/** Fields named like a credential that hold a file path or a kind, never the credential itself. */
const NOT_A_CREDENTIAL = /(_file|_path|_type|_source|_url)$|^(tls_key|bearer_token|token_file)$/i;

const CATEGORIES = ['inputs', 'outputs', 'processors', 'aggregators', 'secretstores'] as const;
const MAX_DEPTH = 4;

/** The environment variable a quick fix suggests: the plugin and field, upper-case, e.g. `INFLUXDB_V2_TOKEN`. */
export function suggestedVariable(plugin: string, field: string): string {
  return `${plugin}_${field}`
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/**
 * Credentials written as literal values (issue 20 item 8): a password, token, key or secret field of a plugin (or a
 * header such as `Authorization`) holding a plain string. It is served to every agent and kept in every version, so
 * it is a warning naming `${ENV}` (the agent's environment) and `@{store:key}` (a secret store) instead. A value that
 * is or holds `${…}` or `@{…}`, or a line with a parameter or constant (`&{…}`, `{{…}}`), is left alone.
 */
export function literalCredentials(document: TomlTable, origins: TomlOrigins, text: string): TomlFinding[] {
  const lines = text.split('\n');
  const findings: TomlFinding[] = [];
  const visit = (plugin: string, path: string[], table: TomlTable, depth: number) => {
    for (const [field, value] of Object.entries(table)) {
      if (isTomlTable(value) && depth < MAX_DEPTH) {
        visit(plugin, [...path, field], value, depth + 1);
        continue;
      }
      if (!isCredential(field, value)) continue;
      const at = origins.find([...path, field]);
      const line = at === undefined ? '' : (lines[at.line - 1] ?? '');
      if (/&\{|\{\{/.test(line)) continue;
      const variable = suggestedVariable(plugin, field);
      findings.push({
        line: at?.line ?? 1,
        column: at?.column ?? 1,
        message: `${field} of ${path[0]}.${plugin} is a literal credential, served to every agent and kept in every version: use \${${variable}} (set on the agent) or @{store:key} (a secret store)`,
        rule: 'literal-credential',
      });
    }
  };
  for (const category of CATEGORIES) {
    const plugins = document[category];
    if (plugins === undefined || !isTomlTable(plugins)) continue;
    for (const [plugin, declaration] of Object.entries(plugins)) {
      const instances = isTomlTableArray(declaration) ? declaration : isTomlTable(declaration) ? [declaration] : [];
      instances.forEach((instance, index) => {
        const path = isTomlTableArray(declaration) ? [category, plugin, `#${index}`] : [category, plugin];
        visit(plugin, path, instance, 0);
      });
    }
  }
  return findings;
}

function isCredential(field: string, value: TomlValue): boolean {
  if (!CREDENTIAL_FIELD.test(field) || NOT_A_CREDENTIAL.test(field)) return false;
  if (!isTomlScalar(value) || value.type !== 'string') return false;
  const text = value.value.trim();
  return text !== '' && !text.includes('${') && !text.includes('@{');
}
