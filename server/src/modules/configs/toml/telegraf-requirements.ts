import { findPlugin } from '../../plugins/plugins.service.js';
import { blankComments } from './comment-blanking.js';
import { neutralizePlaceholders } from './neutralize.js';
import { parseTelegrafToml } from './telegraf-toml.js';
import { isTomlScalar, isTomlTable, isTomlTableArray, type TomlTable, type TomlValue } from './toml-values.js';

/**
 * What a configuration asks of the Telegraf that loads it (issue 20 item 7): the release that introduced each thing
 * it uses, or that removes a plugin it uses. Facts from the plugin catalogue (ADR 9) and Telegraf's changelog
 * (`CONTRACT.md`): heartbeat `logs` and `status` 1.38.0, `TELEGRAF_CONTROLLER_TOKEN` 1.39.0, plugin `labels` 1.36.0.
 */
export interface TelegrafRequirement {
  kind: 'introduced' | 'removed';
  /** The release, `major.minor.patch`. */
  version: string;
  /** What needs it, in words: `inputs.x`, `the heartbeat's status`. */
  what: string;
  line: number;
  column: number;
}

const CATEGORIES = ['inputs', 'outputs', 'processors', 'aggregators', 'secretstores'] as const;
const HEARTBEAT_FEATURES = [
  ['logs', '1.38.0'],
  ['status', '1.38.0'],
] as const;
const LABELS = '1.36.0';
const CONTROLLER_TOKEN = '1.39.0';
const CONTROLLER_TOKEN_REFERENCE = /\$\{?TELEGRAF_CONTROLLER_TOKEN\b/;

/** Every requirement of a template, in the order written; none for a template that does not parse. */
export function telegrafRequirements(template: string): TelegrafRequirement[] {
  const parsed = parseTelegrafToml(neutralizePlaceholders(template));
  if (!parsed.ok) return [];
  const found: TelegrafRequirement[] = [];
  const at = (path: string[]) => parsed.origins.find(path) ?? { line: 1, column: 1 };
  for (const category of CATEGORIES) {
    const plugins = parsed.document[category];
    if (plugins === undefined || !isTomlTable(plugins)) continue;
    for (const [name, declaration] of Object.entries(plugins)) {
      const what = `${category}.${name}`;
      const { line, column } = at([category, name]);
      const plugin = findPlugin(category, name);
      if (plugin?.introduced) found.push({ kind: 'introduced', version: plugin.introduced, what, line, column });
      if (plugin?.removal) found.push({ kind: 'removed', version: plugin.removal, what, line, column });
      const instances = instancesOf(declaration);
      if (instances.some((instance) => instance.labels !== undefined)) {
        found.push({ kind: 'introduced', version: LABELS, what: `${what} labels`, line, column });
      }
      if (what !== 'outputs.heartbeat') continue;
      for (const [feature, version] of HEARTBEAT_FEATURES) {
        if (instances.some((instance) => usesHeartbeatFeature(instance, feature))) {
          found.push({ kind: 'introduced', version, what: `the heartbeat's ${feature}`, line, column });
        }
      }
    }
  }
  const token = CONTROLLER_TOKEN_REFERENCE.exec(blankComments(template));
  if (token !== null) {
    const before = template.slice(0, token.index).split('\n');
    found.push({
      kind: 'introduced',
      version: CONTROLLER_TOKEN,
      what: 'TELEGRAF_CONTROLLER_TOKEN',
      line: before.length,
      column: before.at(-1)!.length + 1,
    });
  }
  return found;
}

/** `include = [..., "logs"]`, or a `[outputs.heartbeat.status]` table for status. */
function usesHeartbeatFeature(instance: TomlTable, feature: 'logs' | 'status'): boolean {
  const include = instance.include;
  const listed =
    Array.isArray(include) &&
    (include as readonly TomlValue[]).some((item) => isTomlScalar(item) && item.value === feature);
  return listed || (feature === 'status' && instance.status !== undefined && isTomlTable(instance.status));
}

function instancesOf(declaration: TomlValue): readonly TomlTable[] {
  if (isTomlTableArray(declaration)) return declaration;
  return isTomlTable(declaration) ? [declaration] : [];
}
