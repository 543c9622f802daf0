import { describe, expect, it } from 'vitest';
import { base32, matchTotp, otpauthUri, totpCode, totpStep, type TotpAlgorithm } from './totp.js';

// RFC 6238 Appendix B: the seeds are the ASCII digits repeated to the hash's block size of key.
const SEEDS: Record<TotpAlgorithm, Buffer> = {
  sha1: Buffer.from('12345678901234567890'),
  sha256: Buffer.from('12345678901234567890123456789012'),
  sha512: Buffer.from('1234567890123456789012345678901234567890123456789012345678901234'),
};
const VECTORS: [seconds: number, sha1: string, sha256: string, sha512: string][] = [
  [59, '94287082', '46119246', '90693936'],
  [1111111109, '07081804', '68084774', '25091201'],
  [1111111111, '14050471', '67062674', '99943326'],
  [1234567890, '89005924', '91819424', '93441116'],
  [2000000000, '69279037', '90698825', '38618901'],
  [20000000000, '65353130', '77737706', '47863826'],
];

describe('TOTP (RFC 6238)', () => {
  it('gives the RFC 6238 test vectors for SHA-1, SHA-256 and SHA-512', () => {
    for (const [seconds, sha1, sha256, sha512] of VECTORS) {
      const step = totpStep(seconds * 1000);
      expect(totpCode(SEEDS.sha1, step, 8, 'sha1')).toBe(sha1);
      expect(totpCode(SEEDS.sha256, step, 8, 'sha256')).toBe(sha256);
      expect(totpCode(SEEDS.sha512, step, 8, 'sha512')).toBe(sha512);
    }
  });

  it('takes six-digit codes of the step before, now and after, and names the step', () => {
    const now = 1111111111_000;
    const step = totpStep(now);
    for (const offset of [-1, 0, 1]) {
      expect(matchTotp(SEEDS.sha1, totpCode(SEEDS.sha1, step + offset), now)).toBe(step + offset);
    }
    for (const offset of [-3, -2, 2, 3]) {
      expect(matchTotp(SEEDS.sha1, totpCode(SEEDS.sha1, step + offset), now)).toBeUndefined();
    }
  });

  it('refuses anything that is not six digits', () => {
    const now = 59_000;
    const good = totpCode(SEEDS.sha1, totpStep(now));
    for (const bad of ['', `${good}0`, good.slice(1), ` ${good}`, '12345a', '１２３４５６']) {
      expect(matchTotp(SEEDS.sha1, bad, now)).toBeUndefined();
    }
  });

  it('encodes seeds in RFC 4648 base32 without padding', () => {
    const cases: [string, string][] = [
      ['', ''],
      ['f', 'MY'],
      ['fo', 'MZXQ'],
      ['foo', 'MZXW6'],
      ['foob', 'MZXW6YQ'],
      ['fooba', 'MZXW6YTB'],
      ['foobar', 'MZXW6YTBOI'],
    ];
    for (const [plain, encoded] of cases) expect(base32(Buffer.from(plain))).toBe(encoded);
  });

  it('writes the otpauth URI authenticator apps read, with the name escaped', () => {
    const uri = new URL(otpauthUri(SEEDS.sha1, 'Telegraf Controller', 'ann&co@example.com'));
    expect(uri.protocol).toBe('otpauth:');
    expect(uri.host).toBe('totp');
    expect(decodeURIComponent(uri.pathname)).toBe('/Telegraf Controller:ann&co@example.com');
    expect(uri.searchParams.get('secret')).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(uri.searchParams.get('issuer')).toBe('Telegraf Controller');
    expect(uri.searchParams.get('digits')).toBe('6');
    expect(uri.searchParams.get('period')).toBe('30');
  });
});
