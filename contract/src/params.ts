import { Type, type Static } from 'typebox';
import { Id } from './users.js';

/** `/{id}` of a stored resource (configurations, groups, labels, users, tokens, ...; an alias where routes allow). */
export const IdParams = Type.Object({ id: Id });
export type IdParams = Static<typeof IdParams>;
