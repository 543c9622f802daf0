/** The token line of a start command (`export NAME="…"` or `$env:NAME="…"`), whatever placeholder the server wrote. */
const TOKEN_LINE = /^(export |\$env:)TELEGRAF_CONTROLLER_TOKEN=.*$/m;

/** The command with a freshly created token in its TELEGRAF_CONTROLLER_TOKEN line; unchanged without a token. */
export function withToken(command: string, token: string | null): string {
  if (!token) return command;
  return command.replace(TOKEN_LINE, (_line, prefix: string) => `${prefix}TELEGRAF_CONTROLLER_TOKEN="${token}"`);
}

export const WATCH_INTERVALS = [
  { value: '30s', label: 'Every 30 seconds' },
  { value: '1m', label: 'Every minute' },
  { value: '5m', label: 'Every 5 minutes' },
  { value: '15m', label: 'Every 15 minutes' },
  { value: '1h', label: 'Every hour' },
];
