import type { TomlFinding } from '@telegraf-controller/contract/toml';
import { findPlugin } from '../../plugins/plugins.service.js';
import type { TomlOrigins } from './telegraf-toml.js';
import { type TomlTable, type TomlValue, isTomlScalar, isTomlTable, isTomlTableArray } from './toml-values.js';

/**
 * Telegraf's structural rules for a parsed config (`LoadConfigData` in config/config.go), with its messages.
 * Breaking one makes Telegraf refuse the whole config, so they are errors. A plugin name Telegraf does not know is
 * a warning only: the controller may serve agents built with other plugins, and the operator decides. So is a
 * plugin the catalogue marks as deprecated: Telegraf still loads it, until the release that removes it.
 */
export interface StructureFindings {
  errors: TomlFinding[];
  warnings: TomlFinding[];
}

type Category = 'inputs' | 'outputs' | 'processors' | 'aggregators' | 'secretstores';

/** Telegraf's noun in `undefined but requested <noun>: <name>`. */
const NOUN: Record<Category, string> = {
  inputs: 'input',
  outputs: 'output',
  processors: 'processor',
  aggregators: 'aggregator',
  secretstores: 'secretstores',
};

/** Categories whose plugins must be `[[arrays of tables]]`; inputs and outputs also take a single `[table]`. */
const ARRAYS_ONLY: ReadonlySet<Category> = new Set(['processors', 'aggregators', 'secretstores']);

export function checkConfigStructure(document: TomlTable, origins: TomlOrigins): StructureFindings {
  const findings: StructureFindings = { errors: [], warnings: [] };
  const report = (kind: keyof StructureFindings, path: string[], message: string, rule: TomlFinding['rule']) => {
    const at = origins.find(path) ?? { line: 1, column: 1 };
    findings[kind].push({ line: at.line, column: at.column, message, rule });
  };

  for (const [name, entry] of Object.entries(document)) {
    if (!isTomlTable(entry)) {
      report('errors', [name], topLevelError(name), 'structure');
      continue;
    }
    const category = categoryOf(name);
    if (category === undefined) {
      if (name === 'agent' || name === 'global_tags' || name === 'tags') continue;
      // Telegraf still loads `[cpu]` at the top level as the input `cpu`.
      const warning = pluginWarning('inputs', name);
      if (warning) report('warnings', [name], warning.message, warning.rule);
      continue;
    }
    for (const [plugin, declaration] of Object.entries(entry)) {
      if (!isPluginDeclaration(category, declaration)) {
        report('errors', [name, plugin], `unsupported config format: ${plugin}`, 'structure');
        continue;
      }
      if (category === 'secretstores') {
        for (const problem of secretStoreProblems(plugin, declaration))
          report('errors', [name, plugin], problem, 'structure');
      }
      const warning = pluginWarning(category, plugin);
      if (warning) report('warnings', [name, plugin], warning.message, warning.rule);
    }
  }
  return findings;
}

/**
 * Every secret store needs an `id` that is a string of letters, digits and underscores (`addSecretStore`: an `id`
 * of another type reads as none); Telegraf checks it before it looks the plugin up.
 */
function secretStoreProblems(plugin: string, declaration: TomlValue): string[] {
  const instances = isTomlTableArray(declaration) ? declaration : [];
  return instances.flatMap((instance) => {
    const id = instance.id;
    const value = id !== undefined && isTomlScalar(id) && id.type === 'string' ? id.value : '';
    if (value === '') return [`error parsing ${plugin}, ${goQuote(plugin)} secret store without ID`];
    if (!/^\w+$/.test(value)) {
      return [
        `error parsing ${plugin}, invalid secret store ID ${goQuote(value)}, must only contain letters, numbers or underscore`,
      ];
    }
    return [];
  });
}

/** Telegraf's own message for a name it does not register; ours for a deprecated plugin. */
function pluginWarning(category: Category, name: string): Pick<TomlFinding, 'message' | 'rule'> | undefined {
  const plugin = findPlugin(category, name);
  if (plugin === undefined)
    return { message: `undefined but requested ${NOUN[category]}: ${name}`, rule: 'unknown-plugin' };
  if (plugin.deprecated === null && plugin.removal === null) return undefined;
  const since = plugin.deprecated === null ? '' : ` since Telegraf ${plugin.deprecated}`;
  const until = plugin.removal === null ? '' : ` and will be removed in ${plugin.removal}`;
  return { message: `plugin ${category}.${name} is deprecated${since}${until}`, rule: 'deprecated-plugin' };
}

function categoryOf(name: string): Category | undefined {
  if (name === 'inputs' || name === 'plugins') return 'inputs';
  if (name === 'outputs' || name === 'processors' || name === 'aggregators' || name === 'secretstores') return name;
  return undefined;
}

function isPluginDeclaration(category: Category, declaration: TomlValue): boolean {
  if (isTomlTableArray(declaration)) return true;
  return !ARRAYS_ONLY.has(category) && isTomlTable(declaration);
}

function topLevelError(name: string): string {
  if (name === 'tags' || name === 'global_tags') return `invalid configuration, bad table name ${goQuote(name)}`;
  if (name === 'agent') return 'invalid configuration, error parsing agent table';
  return `invalid configuration, error parsing field ${goQuote(name)} as table`;
}

/** Go's `%q` for the names that occur here; JSON's quoting agrees with it for printable text. */
function goQuote(text: string): string {
  return JSON.stringify(text);
}
