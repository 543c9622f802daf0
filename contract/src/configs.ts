import { Type, type Static } from 'typebox';
import { DescriptionText, NameText } from './text.js';
import { LabelRef } from './labels.js';
import { ValidationResult } from './toml.js';
import { Id, Timestamp } from './users.js';
import { Nullable } from './nullable.js';
import { ListQuery, Page } from './pages.js';

/** 4 MiB of TOML at most (ADR 17). */
export const MAX_TOML_BYTES = 4 * 1024 * 1024;
export const TomlText = Type.String({ maxLength: MAX_TOML_BYTES });
export const ConfigName = NameText(200);
export const Description = DescriptionText(2000);
export const ChangeNote = Type.String({ maxLength: 1000 });

export const PUBLISH_MODES = ['live', 'explicit'] as const;
export const PublishMode = Type.Unsafe<(typeof PUBLISH_MODES)[number]>(Type.String({ enum: [...PUBLISH_MODES] }));
export type PublishMode = Static<typeof PublishMode>;

export const Config = Type.Object({
  id: Id,
  name: Type.String({ maxLength: 200 }),
  description: Nullable(Type.String({ maxLength: 2000 })),
  toml: TomlText,
  version: Type.Integer({ minimum: 1 }),
  labels: Type.Array(LabelRef, { maxItems: 200 }),
  aliases: Type.Array(Type.String({ maxLength: 63 }), { maxItems: 200 }),
  /** Whether a save is served at once (`live`, the default) or waits to be published (`explicit`); ADR 27. */
  publishMode: PublishMode,
  /** The version served to every agent when no rollout or pin applies. */
  publishedVersion: Type.Integer({ minimum: 1 }),
  /** The kill switch: while set, this version is served to every agent and saves are not. */
  pinnedVersion: Nullable(Type.Integer({ minimum: 1 })),
  /** Agents whose latest heartbeat reported loading it. */
  agentCount: Type.Integer({ minimum: 0 }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  updatedBy: Nullable(Type.String({ maxLength: 50 })),
});
export type Config = Static<typeof Config>;

/** A list row: everything but the TOML. */
export const ConfigSummary = Type.Object({
  id: Id,
  name: Type.String({ maxLength: 200 }),
  description: Nullable(Type.String({ maxLength: 2000 })),
  version: Type.Integer({ minimum: 1 }),
  labels: Type.Array(LabelRef, { maxItems: 200 }),
  aliases: Type.Array(Type.String({ maxLength: 63 }), { maxItems: 200 }),
  /** Whether a save is served at once (`live`, the default) or waits to be published (`explicit`); ADR 27. */
  publishMode: PublishMode,
  /** The version served to every agent when no rollout or pin applies. */
  publishedVersion: Type.Integer({ minimum: 1 }),
  /** The kill switch: while set, this version is served to every agent and saves are not. */
  pinnedVersion: Nullable(Type.Integer({ minimum: 1 })),
  /** Agents whose latest heartbeat reported loading it. */
  agentCount: Type.Integer({ minimum: 0 }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  updatedBy: Nullable(Type.String({ maxLength: 50 })),
});
export type ConfigSummary = Static<typeof ConfigSummary>;

export const ConfigCreate = Type.Object(
  {
    name: ConfigName,
    description: Type.Optional(Nullable(Description)),
    toml: Type.Optional(TomlText),
    /** Label ids to carry from the start. */
    labels: Type.Optional(Type.Array(Id, { maxItems: 100, uniqueItems: true })),
    note: Type.Optional(ChangeNote),
  },
  { additionalProperties: false },
);
export type ConfigCreate = Static<typeof ConfigCreate>;

export const ConfigUpdate = Type.Object(
  {
    name: Type.Optional(ConfigName),
    description: Type.Optional(Nullable(Description)),
    toml: Type.Optional(TomlText),
    note: Type.Optional(ChangeNote),
    publishMode: Type.Optional(PublishMode),
  },
  { additionalProperties: false },
);
export type ConfigUpdate = Static<typeof ConfigUpdate>;

export const LabelFilter = Type.Union([Id, Type.Array(Id, { maxItems: 20 })]);

export const CONFIG_SORTS = ['name', 'updatedAt', 'createdAt'] as const;
export const ConfigListQuery = ListQuery({
  search: Type.Optional(Type.String({ maxLength: 200 })),
  /** Repeat for several: an item must carry every label given. */
  label: Type.Optional(LabelFilter),
  sortBy: Type.Optional(Type.Unsafe<(typeof CONFIG_SORTS)[number]>(Type.String({ enum: [...CONFIG_SORTS] }))),
  sortOrder: Type.Optional(Type.Unsafe<'asc' | 'desc'>(Type.String({ enum: ['asc', 'desc'] }))),
});
export type ConfigListQuery = Static<typeof ConfigListQuery>;

export const ConfigList = Page(ConfigSummary);
export type ConfigList = Static<typeof ConfigList>;

export const ConfigVersion = Type.Object({
  version: Type.Integer({ minimum: 1 }),
  note: Nullable(Type.String({ maxLength: 1000 })),
  author: Nullable(Type.String({ maxLength: 50 })),
  createdAt: Timestamp,
  current: Type.Boolean(),
  /** When someone other than its author approved it (four eyes); null: not approved. */
  approvedAt: Nullable(Timestamp),
  /** Who approved it; null when nobody has, or when that user was deleted since. */
  approvedBy: Nullable(Type.String({ maxLength: 50 })),
});
export type ConfigVersion = Static<typeof ConfigVersion>;

export const ConfigVersionDetail = Type.Object({
  ...ConfigVersion.properties,
  toml: TomlText,
  /** With `?compareTo=m`: a unified diff from version m to this one. */
  diff: Type.Optional(Type.String({ maxLength: 2 * MAX_TOML_BYTES })),
});
export type ConfigVersionDetail = Static<typeof ConfigVersionDetail>;

/** Newest first. */
export const ConfigVersionList = Page(ConfigVersion);
export type ConfigVersionList = Static<typeof ConfigVersionList>;
export const ConfigVersionListQuery = ListQuery();
export type ConfigVersionListQuery = Static<typeof ConfigVersionListQuery>;

export const Constant = Type.Object({
  name: Type.String({ maxLength: 128 }),
  value: Type.String({ maxLength: 65536 }),
  description: Nullable(Type.String({ maxLength: 2000 })),
  /** How many configurations reference it. */
  usage: Type.Integer({ minimum: 0 }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Constant = Static<typeof Constant>;

export const ConstantName = Type.String({
  pattern: '^[A-Za-z_][A-Za-z0-9_]{0,127}$',
  maxLength: 128,
  description: 'a letter or underscore, then letters, digits or underscores (at most 128)',
});
export const ConstantValue = Type.String({
  maxLength: 65536,
  pattern: '^[^"\\r\\n]*$',
  description: 'text without double quotes or line breaks (at most 65,536 characters)',
});
export const ConstantCreate = Type.Object(
  { name: ConstantName, value: ConstantValue, description: Type.Optional(Nullable(Description)) },
  { additionalProperties: false },
);
export type ConstantCreate = Static<typeof ConstantCreate>;
export const ConstantUpdate = Type.Object(
  { value: Type.Optional(ConstantValue), description: Type.Optional(Nullable(Description)) },
  { additionalProperties: false },
);
export type ConstantUpdate = Static<typeof ConstantUpdate>;
/** By name. */
export const ConstantList = Page(Constant);
export type ConstantList = Static<typeof ConstantList>;
export const ConstantListQuery = ListQuery({
  /** Part of the name, value or description, in any case. */
  search: Type.Optional(Type.String({ maxLength: 200 })),
});
export type ConstantListQuery = Static<typeof ConstantListQuery>;

export const StartCommand = Type.Object({
  os: Type.Unsafe<'linux' | 'windows'>(Type.String({ enum: ['linux', 'windows'] })),
  /** The configuration URL an agent loads, parameters included. */
  url: Type.String({ maxLength: 16384 }),
  command: Type.String({ maxLength: 65536 }),
  parameters: Type.Array(
    Type.Object({
      name: Type.String({ maxLength: 256 }),
      required: Type.Boolean(),
      default: Type.Optional(Type.String({ maxLength: 4096 })),
      value: Type.Optional(Type.String({ maxLength: 4096 })),
    }),
    { maxItems: 1000 },
  ),
  envVars: Type.Array(Type.String({ maxLength: 256 }), { maxItems: 1000 }),
  /** Required parameters the query did not give: the command shows `<name>` for each. */
  missing: Type.Array(Type.String({ maxLength: 256 }), { maxItems: 1000 }),
  /** Label keys the plugins carry (`[inputs.cpu.labels]`) with their values, for Telegraf's `--select` (1.36+). */
  selectorLabels: Type.Array(
    Type.Object({
      key: Type.String({ maxLength: 256 }),
      values: Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 1000 }),
    }),
    { maxItems: 1000 },
  ),
});
export type StartCommand = Static<typeof StartCommand>;

/** `os`, `watchInterval`, and any other name is a template parameter with its value. */
export const StartCommandQuery = Type.Unsafe<
  Record<string, string> & { os?: 'linux' | 'windows'; watchInterval?: string }
>(
  Type.Object(
    {
      os: Type.Optional(Type.Unsafe<'linux' | 'windows'>(Type.String({ enum: ['linux', 'windows'] }))),
      watchInterval: Type.Optional(Type.String({ pattern: '^(0|[1-9][0-9]*(ms|s|m|h))$', maxLength: 16 })),
    },
    { additionalProperties: Type.String({ maxLength: 4096 }) },
  ),
);
export type StartCommandQuery = Static<typeof StartCommandQuery>;

/** 3–63 lower-case letters, digits and hyphens, starting and ending with a letter or digit. */
export const AliasName = Type.String({
  minLength: 3,
  maxLength: 63,
  pattern: '^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$',
  description: '3 to 63 lower-case letters, digits and hyphens, starting and ending with a letter or digit',
});
export const RESERVED_ALIASES = ['bulk', 'duplicate', 'many'] as const;

export const Alias = Type.Object({
  alias: Type.String({ maxLength: 63 }),
  targetType: Type.Unsafe<'config' | 'group'>(Type.String({ enum: ['config', 'group'] })),
  targetId: Id,
  /** Distinct agents whose reported config sources load the target through this alias (`/c/{alias}` or the
   * TOML URL with the alias in place of the id). */
  agents: Type.Integer({ minimum: 0 }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Alias = Static<typeof Alias>;
/** By alias. */
export const AliasList = Page(Alias);
export type AliasList = Static<typeof AliasList>;
export const AliasListQuery = ListQuery();
export type AliasListQuery = Static<typeof AliasListQuery>;
export const AliasCreate = Type.Object({ alias: AliasName }, { additionalProperties: false });
export type AliasCreate = Static<typeof AliasCreate>;
export const AliasTransfer = Type.Object(
  { targetType: Type.Unsafe<'config' | 'group'>(Type.String({ enum: ['config', 'group'] })), targetId: Id },
  { additionalProperties: false },
);
export type AliasTransfer = Static<typeof AliasTransfer>;

export const ConfigGroup = Type.Object({
  id: Id,
  name: Type.String({ maxLength: 200 }),
  description: Nullable(Type.String({ maxLength: 2000 })),
  /** Member configurations in the order they are merged. */
  configIds: Type.Array(Id, { maxItems: 500 }),
  labels: Type.Array(LabelRef, { maxItems: 200 }),
  aliases: Type.Array(Type.String({ maxLength: 63 }), { maxItems: 200 }),
  /** Agents whose latest heartbeat reported loading it. */
  agentCount: Type.Integer({ minimum: 0 }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  updatedBy: Nullable(Type.String({ maxLength: 50 })),
});
export type ConfigGroup = Static<typeof ConfigGroup>;
export const ConfigGroupList = Page(ConfigGroup);
export type ConfigGroupList = Static<typeof ConfigGroupList>;
export const ConfigGroupListQuery = ListQuery({
  /** Matches name, description and the names of member configurations. */
  search: Type.Optional(Type.String({ maxLength: 200 })),
  label: Type.Optional(LabelFilter),
  sortBy: Type.Optional(Type.Unsafe<(typeof CONFIG_SORTS)[number]>(Type.String({ enum: [...CONFIG_SORTS] }))),
  sortOrder: Type.Optional(Type.Unsafe<'asc' | 'desc'>(Type.String({ enum: ['asc', 'desc'] }))),
});
export type ConfigGroupListQuery = Static<typeof ConfigGroupListQuery>;

/** The members merged in order, placeholders left as written, and what validation finds in the result. */
export const ConfigGroupPreview = Type.Object({
  toml: Type.String({ maxLength: 500 * MAX_TOML_BYTES }),
  sources: Type.Array(Type.Object({ id: Id, name: Type.String({ maxLength: 200 }) }), { maxItems: 500 }),
  validation: ValidationResult,
});
export type ConfigGroupPreview = Static<typeof ConfigGroupPreview>;

/** `GET /api/config-template`: what a new configuration starts from. */
export const ConfigTemplate = Type.Object({ toml: TomlText });
export type ConfigTemplate = Static<typeof ConfigTemplate>;
export const ConfigGroupCreate = Type.Object(
  {
    name: ConfigName,
    description: Type.Optional(Nullable(Description)),
    configIds: Type.Optional(Type.Array(Id, { maxItems: 500, uniqueItems: true })),
    labels: Type.Optional(Type.Array(Id, { maxItems: 100, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type ConfigGroupCreate = Static<typeof ConfigGroupCreate>;
export const ConfigGroupUpdate = Type.Object(
  {
    name: Type.Optional(ConfigName),
    description: Type.Optional(Nullable(Description)),
    configIds: Type.Optional(Type.Array(Id, { maxItems: 500, uniqueItems: true })),
  },
  { additionalProperties: false },
);
export type ConfigGroupUpdate = Static<typeof ConfigGroupUpdate>;
