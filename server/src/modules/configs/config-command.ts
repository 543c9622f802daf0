import type { StartCommand } from '@telegraf-controller/contract/configs';
import { encodeComponentStrictly, encodePathStrictly } from '../../lib/urls.js';
import { summarizePlaceholders } from './toml/placeholders.js';
import { selectorLabels } from './toml/plugin-labels.js';

/** What a caller of a start-command route chooses; the module adds where the TOML is and what it holds. */
export type CommandOptions = Omit<CommandInput, 'tomlPath' | 'template'>;

export interface CommandInput {
  os: 'linux' | 'windows';
  apiBaseUrl: string;
  /** Where the agent loads its TOML, e.g. `/api/configs/{id}/toml`. */
  tomlPath: string;
  /** The TOML as stored (a group's: its members' joined), read for parameters, variables and plugin labels. */
  template: string;
  /** Values the user entered, by parameter name. */
  values: Record<string, string>;
  /** `--config-url-watch-interval`; `0` leaves the watcher off. */
  watchInterval: string;
}

/**
 * The command that starts an unmodified Telegraf on this configuration: the token in TELEGRAF_CONTROLLER_TOKEN
 * (sent as Bearer by Telegraf 1.39+), parameters in the URL (percent-encoded, so no comma splits the flag), and
 * the URL watcher so the agent reloads when the configuration changes. The URL is built from safe parts only (the
 * base from `safeBaseUrl`, everything else strictly encoded) and single-quoted, so nothing in it is a shell's to read.
 */
export function buildStartCommand(input: CommandInput): StartCommand {
  const placeholders = summarizePlaceholders(input.template);
  const parameters = placeholders.parameters.map((parameter) => ({
    name: parameter.name,
    required: parameter.default === undefined,
    ...(parameter.default !== undefined ? { default: parameter.default } : {}),
    ...(input.values[parameter.name] !== undefined ? { value: input.values[parameter.name] } : {}),
  }));
  const missing = parameters.filter((p) => p.required && p.value === undefined).map((p) => p.name);
  const query = parameters
    .filter((p) => p.value !== undefined || p.required)
    .map(
      (p) =>
        `${encodeComponentStrictly(p.name)}=${p.value !== undefined ? encodeComponentStrictly(p.value) : `<${p.name}>`}`,
    )
    .join('&');
  const url = `${input.apiBaseUrl}${encodePathStrictly(input.tomlPath)}${query ? `?${query}` : ''}`;
  const envVars = [
    'TELEGRAF_CONTROLLER_TOKEN',
    ...placeholders.envVars.filter((v) => v !== 'TELEGRAF_CONTROLLER_TOKEN'),
  ];
  const watch = input.watchInterval !== '0';
  const lines =
    input.os === 'linux'
      ? [
          ...envVars.map((name) => `export ${name}='<${name.toLowerCase()}>'`),
          `telegraf \\`,
          `  --config '${url}'${watch ? ' \\' : ''}`,
          ...(watch ? [`  --config-url-watch-interval ${input.watchInterval}`] : []),
        ]
      : [
          ...envVars.map((name) => `$env:${name}='<${name.toLowerCase()}>'`),
          `telegraf.exe \``,
          `  --config '${url}'${watch ? ' `' : ''}`,
          ...(watch ? [`  --config-url-watch-interval ${input.watchInterval}`] : []),
        ];
  return {
    os: input.os,
    url,
    command: `${lines.join('\n')}\n`,
    parameters,
    envVars,
    missing,
    selectorLabels: selectorLabels(input.template),
  };
}
