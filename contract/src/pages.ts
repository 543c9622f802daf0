import {
  Type,
  type TInteger,
  type TObject,
  type TOptional,
  type TProperties,
  type TSchema,
  type TString,
} from 'typebox';
import { Nullable } from './nullable.js';

/** The most items one page holds, and what `limit` may ask for. */
export const MAX_PAGE_ITEMS = 500;
export const DEFAULT_PAGE_ITEMS = 50;

export interface PageOptions {
  /** Longest cursor the list issues (512 unless its sort key is long, as agents' is). */
  cursorMaxLength?: number;
}

const cursorOf = (options: PageOptions) => Type.String({ maxLength: options.cursorMaxLength ?? 512 });

/**
 * One page of a list: every list of the API answers `{items, nextCursor, total}`. `nextCursor` is null on the last
 * page; `total` counts every item the filters match, on all pages.
 */
export const Page = <Item extends TSchema>(item: Item, options: PageOptions = {}) =>
  Type.Object({
    items: Type.Array(item, { maxItems: MAX_PAGE_ITEMS }),
    nextCursor: Nullable(cursorOf(options)),
    total: Type.Integer({ minimum: 0 }),
  });

type ListQueryProperties<Filters extends TProperties> = {
  limit: TOptional<TInteger>;
  cursor: TOptional<TString>;
} & Filters;

/**
 * The query of a list: `limit` (1–500, default 50), `cursor` (the `nextCursor` of the page before) and the list's
 * own filters; nothing else is accepted.
 */
export const ListQuery = <Filters extends TProperties = Record<never, never>>(
  filters: Filters = {} as Filters,
  options: PageOptions = {},
): TObject<ListQueryProperties<Filters>> =>
  Type.Object(
    {
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_PAGE_ITEMS, default: DEFAULT_PAGE_ITEMS })),
      cursor: Type.Optional(cursorOf(options)),
      ...filters,
    } as ListQueryProperties<Filters>,
    { additionalProperties: false },
  );
