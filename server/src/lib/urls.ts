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

/** Query parameter names that hold a credential, read as lower-case words (`accessKey` is `access_key`). */
const SECRET_WORD =
  /(^|_)(pass|passwd|password|passphrase|pw|pwd|secret|token|key|apikey|auth|authorization|bearer|jwt|hmac|otp|credentials?|signature|sig|session|sessionid)(_|$)/;
const SECRET_PART = /password|passwd|passphrase|secret|token|apikey|credential/;

/** What stands for a redacted value, as Telegraf writes a URL's redacted password. */
export const REDACTED = 'xxxxx';

/** Whether a query parameter's name says its value is a credential (any case). */
export function isSecretParameter(name: string): boolean {
  const lower = name.toLowerCase();
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_');
  return SECRET_WORD.test(words) || SECRET_PART.test(lower);
}

/**
 * The URL with the values of its credential parameters (`?token=…`, `?apiKey=…`, `?db_password=…`) replaced by
 * `xxxxx`; everything else byte for byte (Telegraf redacts only `user:password@`). Anything without a query is
 * returned as it is.
 */
export function redactQuerySecrets(url: string): string {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return url;
  const hashAt = url.indexOf('#', queryAt);
  const end = hashAt < 0 ? url.length : hashAt;
  const query = url.slice(queryAt + 1, end);
  const redacted = query
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      if (equals < 0) return pair;
      const raw = pair.slice(0, equals);
      let name = raw;
      try {
        name = decodeURIComponent(raw.replace(/\+/g, ' '));
      } catch {
        // A name that does not decode is judged as written.
      }
      return isSecretParameter(name) ? `${raw}=${REDACTED}` : pair;
    })
    .join('&');
  return redacted === query ? url : `${url.slice(0, queryAt + 1)}${redacted}${url.slice(end)}`;
}
