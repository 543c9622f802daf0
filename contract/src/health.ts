import { Type, type Static } from 'typebox';

export const Liveness = Type.Object({ status: Type.Literal('ok') });
export type Liveness = Static<typeof Liveness>;

export const Readiness = Type.Object({ ready: Type.Boolean() });
export type Readiness = Static<typeof Readiness>;

export const Leadership = Type.Object({ leader: Type.Boolean() });
export type Leadership = Static<typeof Leadership>;

export const VersionInfo = Type.Object({ version: Type.String({ maxLength: 64 }) });
export type VersionInfo = Static<typeof VersionInfo>;
