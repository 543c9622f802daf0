/**
 * Base URLs that end up in links, in TOML and in shell commands people paste. Parsed and written again from parts
 * known to be safe: the scheme, a host of letters, digits, dots and hyphens (or an IP address), a port, and a path of
 * unreserved characters, everything else percent-encoded. The result never holds a quote, a space, `$`, a backtick
 * or a `;`, so it can stand single-quoted in bash and PowerShell and inside a TOML string.
 */
const SAFE_HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*\.?|\[[0-9a-f:.]+\])$/i;

/** Every character but the unreserved ones and `/`, percent-encoded (an existing escape `%XX` is kept). */
export function encodePathStrictly(path: string): string {
  return path.replace(/%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~/%]/gu, (char) =>
    [...new TextEncoder().encode(char)].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join(''),
  );
}

/** Like encodeURIComponent, and also `'`, `(`, `)`, `*`, `!`: safe inside single quotes in any shell. */
export function encodeComponentStrictly(value: string): string {
  return encodeURIComponent(value.toWellFormed()).replace(
    /[!'()*]/g,
    (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** `http(s)://host[:port][/path]` rebuilt from safe parts, without a trailing slash; undefined when it has none. */
export function safeBaseUrl(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.username !== '' || url.password !== '' || !SAFE_HOST.test(url.hostname)) return undefined;
  if (url.search !== '' || url.hash !== '') return undefined;
  const path = encodePathStrictly(url.pathname).replace(/\/+$/, '');
  return `${url.protocol}//${url.host}${path}`;
}
