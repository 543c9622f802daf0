import { neutralizePlaceholders } from './neutralize.js';
import { parseTelegrafToml } from './telegraf-toml.js';
import { type TomlTable, type TomlValue, isTomlScalar, isTomlTable, isTomlTableArray } from './toml-values.js';

/** A label key that plugins of a configuration carry (`[inputs.cpu.labels]`), with every value they give it. */
export interface SelectorLabel {
  key: string;
  values: string[];
}

const PLUGIN_TABLES = ['inputs', 'outputs', 'processors', 'aggregators', 'secretstores'] as const;

/**
 * The labels a template's plugins carry, for Telegraf's `--select` (1.36 and later enable only the plugins whose
 * `labels` table matches a selector). Keys and values in order of first appearance; nothing for a template that
 * does not parse (its findings say why) or whose label values are not plain strings.
 */
export function selectorLabels(template: string): SelectorLabel[] {
  const parsed = parseTelegrafToml(neutralizePlaceholders(template));
  if (!parsed.ok) return [];
  const found = new Map<string, string[]>();
  for (const category of PLUGIN_TABLES) {
    const plugins = parsed.document[category];
    if (plugins === undefined || !isTomlTable(plugins)) continue;
    for (const declaration of Object.values(plugins)) {
      for (const instance of instancesOf(declaration)) {
        const labels = instance.labels;
        if (labels === undefined || !isTomlTable(labels)) continue;
        for (const [key, value] of Object.entries(labels)) {
          if (!isTomlScalar(value) || value.type !== 'string') continue;
          const values = found.get(key) ?? [];
          if (!values.includes(value.value)) values.push(value.value);
          found.set(key, values);
        }
      }
    }
  }
  return [...found].map(([key, values]) => ({ key, values }));
}

function instancesOf(declaration: TomlValue): readonly TomlTable[] {
  if (isTomlTableArray(declaration)) return declaration;
  return isTomlTable(declaration) ? [declaration] : [];
}
