/**
 * A Telegraf release as text that sorts like the release (`1.38.0` → `0001.0038.0000`), so the database compares
 * versions with `<`. Read from the first `major.minor.patch` of what an agent reports (`Telegraf 1.39.3 (git: …)`,
 * `Telegraf 1.37.0-c3db479e`); undefined when there is none (`Telegraf unknown`, a development build).
 */
export function telegrafVersionKey(reported: string): string | undefined {
  const match = /(?<![\d.])(\d{1,4})\.(\d{1,4})\.(\d{1,4})(?![\d])/.exec(reported);
  if (match === null) return undefined;
  return match
    .slice(1, 4)
    .map((part) => part.padStart(4, '0'))
    .join('.');
}
