import { Type, type Static } from 'typebox';
import { DescriptionText, NameText } from './text.js';
import { Id, Timestamp } from './users.js';
import { Nullable } from './nullable.js';
import { ListQuery, Page } from './pages.js';

export const LabelName = NameText(64);
export const LabelColor = Type.String({
  pattern: '^#[0-9a-fA-F]{6}$',
  maxLength: 7,
  description: 'a hex colour such as #3b82f6',
});
export const LabelDescription = DescriptionText(500);

/** How a label appears on a configuration, a group or an agent. */
export const LabelRef = Type.Object({ id: Id, name: Type.String({ maxLength: 64 }), color: Nullable(LabelColor) });
export type LabelRef = Static<typeof LabelRef>;

export const Label = Type.Object({
  id: Id,
  name: Type.String({ maxLength: 64 }),
  color: Nullable(LabelColor),
  description: Nullable(LabelDescription),
  /** How many configurations, config groups and agents carry it. */
  usage: Type.Object({
    configs: Type.Integer({ minimum: 0 }),
    configGroups: Type.Integer({ minimum: 0 }),
    agents: Type.Integer({ minimum: 0 }),
  }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Label = Static<typeof Label>;

export const LabelCreate = Type.Object(
  {
    name: LabelName,
    color: Type.Optional(Nullable(LabelColor)),
    description: Type.Optional(Nullable(LabelDescription)),
  },
  { additionalProperties: false },
);
export type LabelCreate = Static<typeof LabelCreate>;

export const LabelUpdate = Type.Object(
  {
    name: Type.Optional(LabelName),
    color: Type.Optional(Nullable(LabelColor)),
    description: Type.Optional(Nullable(LabelDescription)),
  },
  { additionalProperties: false },
);
export type LabelUpdate = Static<typeof LabelUpdate>;

export const LabelListQuery = ListQuery({
  /** Matches name and description. */
  search: Type.Optional(Type.String({ maxLength: 200 })),
});
export type LabelListQuery = Static<typeof LabelListQuery>;

export const LabelList = Page(Label);
export type LabelList = Static<typeof LabelList>;

export const MAX_BULK_IDS = 500;
export const BulkIds = Type.Object(
  { ids: Type.Array(Id, { minItems: 1, maxItems: MAX_BULK_IDS, uniqueItems: true }) },
  { additionalProperties: false },
);
export type BulkIds = Static<typeof BulkIds>;

/** `PUT /api/{configs|config-groups|agents}/bulk/labels/assign|remove`. */
export const BulkLabels = Type.Object(
  {
    /** Configuration, group or agent ids (an agent's id is its instance_id: up to 256 characters). */
    ids: Type.Array(Type.String({ minLength: 1, maxLength: 256 }), {
      minItems: 1,
      maxItems: MAX_BULK_IDS,
      uniqueItems: true,
    }),
    labelIds: Type.Array(Id, { minItems: 1, maxItems: 100, uniqueItems: true }),
  },
  { additionalProperties: false },
);
export type BulkLabels = Static<typeof BulkLabels>;

export const BulkLabelsResult = Type.Object({
  /** Rows that now carry (assign) or no longer carry (remove) each label. */
  changed: Type.Integer({ minimum: 0 }),
  /** Ids in `ids` that name nothing. */
  missing: Type.Array(Type.String({ maxLength: 256 }), { maxItems: MAX_BULK_IDS }),
});
export type BulkLabelsResult = Static<typeof BulkLabelsResult>;

export const BulkDeleteResult = Type.Object({
  deleted: Type.Array(Id, { maxItems: MAX_BULK_IDS }),
  missing: Type.Array(Id, { maxItems: MAX_BULK_IDS }),
});
export type BulkDeleteResult = Static<typeof BulkDeleteResult>;
