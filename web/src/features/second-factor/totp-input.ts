/** The six digits typed into a code field (apps show "123 456"), or undefined when it is not six digits. */
export function typedTotpCode(text: string): string | undefined {
  const code = text.replace(/\s/g, '');
  return /^[0-9]{6}$/.test(code) ? code : undefined;
}

export const TOTP_CODE_HINT = 'Enter the six digits your app shows.';
