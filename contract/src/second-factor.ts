import { Type, type Static } from 'typebox';
import { Password, Timestamp } from './users.js';

/** A six-digit code from an authenticator app (RFC 6238, 30-second steps). */
export const TotpCode = Type.String({ pattern: '^[0-9]{6}$', maxLength: 6, description: 'six digits' });

/** Where your own second factor stands. */
export const SecondFactorStatus = Type.Object({
  /** Local sign-in has a second factor; directory and single sign-on users have their provider's. */
  available: Type.Boolean(),
  enrolled: Type.Boolean(),
  /** Your role requires one (Settings). */
  required: Type.Boolean(),
  enrolledAt: Type.Union([Timestamp, Type.Null()]),
  recoveryCodesLeft: Type.Integer({ minimum: 0, maximum: 100 }),
});
export type SecondFactorStatus = Static<typeof SecondFactorStatus>;

export const SecondFactorEnrolmentRequest = Type.Object({ password: Password }, { additionalProperties: false });
export type SecondFactorEnrolmentRequest = Static<typeof SecondFactorEnrolmentRequest>;

/** A new seed to scan (`uri`, as a QR code) or type (`secret`); it replaces the old one once a code confirms it. */
export const SecondFactorEnrolment = Type.Object({
  secret: Type.String({ maxLength: 64, description: 'the seed in base32' }),
  uri: Type.String({ maxLength: 1024, description: 'otpauth://totp/… for the QR code' }),
});
export type SecondFactorEnrolment = Static<typeof SecondFactorEnrolment>;

export const SecondFactorCode = Type.Object({ code: TotpCode }, { additionalProperties: false });
export type SecondFactorCode = Static<typeof SecondFactorCode>;

/** Single-use codes that stand in for the app when the device is lost; shown once. */
export const RecoveryCodes = Type.Object({
  recoveryCodes: Type.Array(Type.String({ maxLength: 16 }), { maxItems: 100 }),
});
export type RecoveryCodes = Static<typeof RecoveryCodes>;

export const SecondFactorRemoval = Type.Object({ password: Password }, { additionalProperties: false });
export type SecondFactorRemoval = Static<typeof SecondFactorRemoval>;

/** Whether another user has a second factor (the Users page; the owner may reset it). */
export const UserSecondFactor = Type.Object({ enrolled: Type.Boolean() });
export type UserSecondFactor = Static<typeof UserSecondFactor>;
