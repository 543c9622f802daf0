import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Secrets the controller must read back (second-factor seeds, recovery codes), sealed with AES-256-GCM under a key
 * derived from the session secret by HKDF-SHA256. A database copy alone does not give them away; rotating the
 * session secret re-seals them (see `resealSecondFactors`).
 */
export interface SecretBox {
  seal(plain: string): string;
  /** The plain text, or undefined when this key did not seal it (another session secret) or it was altered. */
  open(sealed: string): string | undefined;
}

const VERSION = 'v1';

export function createSecretBox(sessionSecret: string, purpose: string): SecretBox {
  const key = Buffer.from(hkdfSync('sha256', sessionSecret, '', `telegraf-controller ${purpose}`, 32));
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed) {
      const [version, iv, body] = sealed.split('.');
      if (version !== VERSION || iv === undefined || body === undefined) return undefined;
      const bytes = Buffer.from(body, 'base64url');
      if (bytes.length < 16) return undefined;
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
        decipher.setAuthTag(bytes.subarray(bytes.length - 16));
        return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - 16)), decipher.final()]).toString(
          'utf8',
        );
      } catch {
        return undefined;
      }
    },
  };
}
