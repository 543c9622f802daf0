import { execFileSync } from 'node:child_process';

/**
 * Writes a certificate that is its own authority, for `commonName` (and the IP address `ip` as its subject
 * alternative name, when given), with its key, as PEM files made by openssl.
 */
export function writeSelfSignedCertificate(
  files: { cert: string; key: string },
  commonName: string,
  ip?: string,
): void {
  const subject = ['-subj', `/CN=${commonName}`, ...(ip ? ['-addext', `subjectAltName=IP:${ip}`] : [])];
  const args = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', ...subject];
  execFileSync('openssl', [...args, '-keyout', files.key, '-out', files.cert], { stdio: 'ignore' });
}
