import { Type, type TSchema, type TNull, type TUnion } from 'typebox';

/** `schema` or `null`: how the contract spells a value that may be absent in a response or be cleared in a body. */
export const Nullable = <T extends TSchema>(schema: T): TUnion<[T, TNull]> => Type.Union([schema, Type.Null()]);
