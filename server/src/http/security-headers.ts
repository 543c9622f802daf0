/**
 * The policy the web UI works under: its own scripts only, inline styles (Mantine writes its CSS variables into a
 * `<style>` element), images and fonts from itself or `data:` URLs, calls to its own origin (plus the API's when the
 * UI has its own port), and never inside someone else's frame.
 */
export function contentSecurityPolicy(apiOrigin?: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${apiOrigin ? ` ${apiOrigin}` : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** Sent with every answer of the listeners browsers use (API and UI), routed or early. */
export const SECURITY_HEADERS: ReadonlyArray<readonly [string, string]> = [
  ['x-content-type-options', 'nosniff'],
  ['referrer-policy', 'no-referrer'],
];

/** Sent with every HTML page (the UI, the API reference): what it may load, and never inside another site's frame. */
export function pageHeaders(apiOrigin?: string): Record<string, string> {
  return { 'content-security-policy': contentSecurityPolicy(apiOrigin), 'x-frame-options': 'DENY' };
}
