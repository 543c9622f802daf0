import { DEFAULT_PAGE_ITEMS } from '@telegraf-controller/contract/pages';
import type { Plugin, PluginList, PluginListQuery, PluginType } from '@telegraf-controller/contract/plugins';
import { AppError } from '../../http/errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { CATALOGUE_TELEGRAF_VERSION, PLUGIN_CATALOGUE } from './plugin-catalogue.js';

// The plugin catalogue (ADR 9) is generated from Telegraf's source and the same for every request: it is read from
// memory, never from the database.

const BY_TYPE = new Map<PluginType, Map<string, Plugin>>();
for (const plugin of PLUGIN_CATALOGUE) {
  const plugins = BY_TYPE.get(plugin.type) ?? new Map<string, Plugin>();
  BY_TYPE.set(plugin.type, plugins.set(plugin.name, plugin));
}

/** A plugin a default Telegraf build registers under that type and name; undefined for any other name. */
export function findPlugin(type: PluginType, name: string): Plugin | undefined {
  return BY_TYPE.get(type)?.get(name);
}

/** The catalogue's order, type by type: the position of each type's first plugin. */
const TYPE_ORDER = new Map<string, number>();
PLUGIN_CATALOGUE.forEach(({ type }, index) => {
  if (!TYPE_ORDER.has(type)) TYPE_ORDER.set(type, index);
});

function comesAfter(plugin: Plugin, [type, name]: [string, string]): boolean {
  const mine = TYPE_ORDER.get(plugin.type) ?? 0;
  const theirs = TYPE_ORDER.get(type) ?? 0;
  return mine > theirs || (mine === theirs && plugin.name > name);
}

function afterCursor(cursor: string): [string, string] {
  const [type, name] = decodeCursor(cursor, 2);
  if (typeof type === 'string' && TYPE_ORDER.has(type) && typeof name === 'string') return [type, name];
  throw new AppError('validation_failed', 'cursor is not one this server issued', {
    errors: [{ pointer: '/cursor', message: 'is not a cursor this server issued (in query)' }],
  });
}

function matches(plugin: Plugin, type: PluginType | undefined, needle: string): boolean {
  if (type !== undefined && plugin.type !== type) return false;
  return `${plugin.type}.${plugin.name}`.includes(needle) || plugin.tags.some((tag) => tag.includes(needle));
}

/** A page of the catalogue in its own order: by type, then by name. */
export function listPlugins({ type, search, limit = DEFAULT_PAGE_ITEMS, cursor }: PluginListQuery): PluginList {
  const needle = (search ?? '').trim().toLowerCase();
  const found = PLUGIN_CATALOGUE.filter((plugin) => matches(plugin, type, needle));
  const after = cursor === undefined ? undefined : afterCursor(cursor);
  const rest = after === undefined ? found : found.filter((plugin) => comesAfter(plugin, after));
  const items = rest.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rest.length > limit && last ? encodeCursor([last.type, last.name]) : null,
    total: found.length,
    telegrafVersion: CATALOGUE_TELEGRAF_VERSION,
  };
}
