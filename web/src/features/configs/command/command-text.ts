import type { StartCommand } from '@telegraf-controller/contract/configs';

/**
 * What the browser adds to the server's start command. Values typed here (a token, environment variables) never
 * leave the browser; each is single-quoted for its shell, as the server quotes the URL.
 */
export type CommandOs = StartCommand['os'];

export type LocalFile = { directory: string; fileName: string; watch: boolean };

const ENV_LINE = /^(export |\$env:)([A-Za-z_][A-Za-z0-9_]*)=.*$/;

/** A single-quoted word: POSIX shells end the quote to add a `'`; PowerShell doubles it. */
export function shellQuote(os: CommandOs, value: string): string {
  return os === 'linux' ? `'${value.replaceAll("'", `'\\''`)}'` : `'${value.replaceAll("'", "''")}'`;
}

/** The command with the given variables' lines set to their values; a variable without a value keeps its placeholder. */
export function withEnvValues(command: string, os: CommandOs, values: Record<string, string>): string {
  return command
    .split('\n')
    .map((line) => {
      const match = ENV_LINE.exec(line);
      const value = match ? values[match[2]!] : undefined;
      return match && value ? `${match[1]}${match[2]}=${shellQuote(os, value)}` : line;
    })
    .join('\n');
}

/** `key=value;key=value` for each selector with at least one value (Telegraf ORs the flags, ANDs within one). */
export function selectFlags(selectors: readonly Record<string, string>[]): string[] {
  return selectors
    .map((selector) =>
      Object.entries(selector)
        .filter(([, value]) => value !== '')
        .map(([key, value]) => `${key}=${value}`)
        .join(';'),
    )
    .filter((flag) => flag !== '');
}

/**
 * The command rebuilt around its variable lines: `telegraf` with the given flags, one per continued line. Local-file
 * mode gives `--config <path>` (and `--watch-config poll` to reload on change); URL mode keeps the server's flags.
 */
export function composeCommand(
  result: StartCommand,
  os: CommandOs,
  options: { local: LocalFile | null; selects: readonly string[]; influxToken?: boolean },
): string {
  const lines = result.command.split('\n').filter((line) => line !== '');
  const variables = lines.filter((line) => ENV_LINE.test(line));
  // Telegraf before 1.39 sends INFLUX_TOKEN (as `Token`) when it loads a URL; the heartbeat output reads the token
  // from TELEGRAF_CONTROLLER_TOKEN either way, so the older variable takes the same value.
  // A configuration that uses INFLUX_TOKEN itself keeps its own value (older agents then send that one).
  if (options.influxToken && !variables.some((line) => ENV_LINE.exec(line)?.[2] === 'INFLUX_TOKEN')) {
    variables.push(
      os === 'linux'
        ? 'export INFLUX_TOKEN="$TELEGRAF_CONTROLLER_TOKEN"'
        : '$env:INFLUX_TOKEN=$env:TELEGRAF_CONTROLLER_TOKEN',
    );
  }
  const serverFlags = lines
    .filter((line) => !ENV_LINE.test(line) && line.startsWith('  '))
    .map((line) => line.trim().replace(/ [\\`]$/, ''));
  const flags = options.local
    ? [
        `--config ${shellQuote(os, localPath(os, options.local))}`,
        ...(options.local.watch ? ['--watch-config poll'] : []),
      ]
    : serverFlags;
  const all = [...flags, ...options.selects.map((flag) => `--select ${shellQuote(os, flag)}`)];
  const continuation = os === 'linux' ? ' \\' : ' `';
  const program = os === 'linux' ? 'telegraf' : 'telegraf.exe';
  const invocation = [program, ...all.map((flag) => `  ${flag}`)].map((line, index, every) =>
    index < every.length - 1 ? `${line}${continuation}` : line,
  );
  return `${[...variables, ...invocation].join('\n')}\n`;
}

/** Where the downloaded file is to be put, as the command names it. */
export function localPath(os: CommandOs, { directory, fileName }: LocalFile): string {
  const separator = os === 'linux' ? '/' : '\\';
  const dir = directory.trim();
  if (!dir) return fileName;
  return dir.endsWith('/') || dir.endsWith('\\') ? `${dir}${fileName}` : `${dir}${separator}${fileName}`;
}

export const WATCH_INTERVALS = [
  { value: '30s', label: 'Every 30 seconds' },
  { value: '1m', label: 'Every minute' },
  { value: '5m', label: 'Every 5 minutes' },
  { value: '15m', label: 'Every 15 minutes' },
  { value: '1h', label: 'Every hour' },
];
