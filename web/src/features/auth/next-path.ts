/** The `?next=` of /login, only when it is a path on this site (never `//host` or a full URL elsewhere). */
export function safeNextPath(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  return next;
}
