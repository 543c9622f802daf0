import { Type, type Static } from 'typebox';
import { Nullable } from './nullable.js';
import { ListQuery, Page } from './pages.js';

/** Telegraf's plugin types; parsers and serializers are named by `data_format` rather than by a table. */
export const PluginType = Type.Union([
  Type.Literal('inputs'),
  Type.Literal('outputs'),
  Type.Literal('processors'),
  Type.Literal('aggregators'),
  Type.Literal('secretstores'),
  Type.Literal('parsers'),
  Type.Literal('serializers'),
]);
export type PluginType = Static<typeof PluginType>;

/** A Telegraf release as `major.minor.patch`, without the `v`. */
export const TelegrafVersion = Type.String({ pattern: '^\\d+\\.\\d+\\.\\d+$', maxLength: 32 });

/**
 * One plugin of the catalogue (ADR 9): facts from the header of its README in Telegraf's source. A version is null
 * when the README states none (parsers and serializers state none at all); `os` holds `all` or the systems named,
 * and is empty when none are stated.
 */
export const Plugin = Type.Object({
  type: PluginType,
  name: Type.String({ maxLength: 64 }),
  introduced: Nullable(TelegrafVersion),
  deprecated: Nullable(TelegrafVersion),
  /** The release that removes it. */
  removal: Nullable(TelegrafVersion),
  os: Type.Array(Type.String({ maxLength: 32 }), { maxItems: 16 }),
  tags: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 16 }),
});
export type Plugin = Static<typeof Plugin>;

export const PluginListQuery = ListQuery({
  type: Type.Optional(PluginType),
  /** Matches the name and the tags, ignoring case. */
  search: Type.Optional(Type.String({ maxLength: 100 })),
});
export type PluginListQuery = Static<typeof PluginListQuery>;

/** Ordered by type (inputs, outputs, processors, aggregators, secretstores, parsers, serializers), then name. */
export const PluginList = Type.Object({
  ...Page(Plugin).properties,
  /** The Telegraf release the catalogue describes. */
  telegrafVersion: TelegrafVersion,
});
export type PluginList = Static<typeof PluginList>;
