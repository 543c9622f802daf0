import type { StartCommand } from '@telegraf-controller/contract/configs';
import { describe, expect, it } from 'vitest';
import { composeCommand, selectFlags, shellQuote, withEnvValues } from './command-text';

const URL = 'https://ctl.example.com/api/configs/abc/toml?dc=eu';

function serverCommand(os: 'linux' | 'windows'): StartCommand {
  const command =
    os === 'linux'
      ? [
          "export TELEGRAF_CONTROLLER_TOKEN='<telegraf_controller_token>'",
          "export REGION='<region>'",
          'telegraf \\',
          `  --config '${URL}' \\`,
          '  --config-url-watch-interval 1m',
          '',
        ].join('\n')
      : [
          "$env:TELEGRAF_CONTROLLER_TOKEN='<telegraf_controller_token>'",
          "$env:REGION='<region>'",
          'telegraf.exe `',
          `  --config '${URL}' \``,
          '  --config-url-watch-interval 1m',
          '',
        ].join('\n');
  return {
    os,
    url: URL,
    command,
    parameters: [],
    envVars: ['TELEGRAF_CONTROLLER_TOKEN', 'REGION'],
    missing: [],
    selectorLabels: [],
  };
}

describe('the start command in the browser', () => {
  it('quotes values for each shell so nothing in them is read by it', () => {
    expect(shellQuote('linux', `it's $(id)`)).toBe(`'it'\\''s $(id)'`);
    expect(shellQuote('windows', `it's $env:X`)).toBe(`'it''s $env:X'`);
  });

  it('fills variables with their values and keeps the placeholder of those left empty', () => {
    const linux = withEnvValues(serverCommand('linux').command, 'linux', { REGION: "eu'west", OTHER: 'x' });
    expect(linux.split('\n').slice(0, 2)).toEqual([
      "export TELEGRAF_CONTROLLER_TOKEN='<telegraf_controller_token>'",
      `export REGION='eu'\\''west'`,
    ]);
    const windows = withEnvValues(serverCommand('windows').command, 'windows', { TELEGRAF_CONTROLLER_TOKEN: 'tc_abc' });
    expect(windows.split('\n')[0]).toBe("$env:TELEGRAF_CONTROLLER_TOKEN='tc_abc'");
  });

  it('rebuilds the URL command unchanged, and adds one --select per selector that has a value', () => {
    const result = serverCommand('linux');
    expect(composeCommand(result, 'linux', { local: null, selects: [] })).toBe(result.command);
    const selects = selectFlags([{ site: 'edge', tier: '' }, {}, { site: 'core*', tier: 'gold' }]);
    expect(selects).toEqual(['site=edge', 'site=core*;tier=gold']);
    expect(composeCommand(result, 'linux', { local: null, selects }).split('\n').slice(2)).toEqual([
      'telegraf \\',
      `  --config '${URL}' \\`,
      '  --config-url-watch-interval 1m \\',
      "  --select 'site=edge' \\",
      "  --select 'site=core*;tier=gold'",
      '',
    ]);
  });

  it('runs a local file by its path, with the file watcher when asked', () => {
    const windows = composeCommand(serverCommand('windows'), 'windows', {
      local: { directory: 'C:\\telegraf', fileName: 'edge.toml', watch: true },
      selects: [],
    });
    expect(windows.split('\n').slice(2)).toEqual([
      'telegraf.exe `',
      "  --config 'C:\\telegraf\\edge.toml' `",
      '  --watch-config poll',
      '',
    ]);
    const linux = composeCommand(serverCommand('linux'), 'linux', {
      local: { directory: '/etc/telegraf/', fileName: 'edge.toml', watch: false },
      selects: [],
    });
    expect(linux.split('\n').slice(2)).toEqual(['telegraf \\', "  --config '/etc/telegraf/edge.toml'", '']);
  });

  it('also exports INFLUX_TOKEN from the token variable for agents before Telegraf 1.39', () => {
    const linux = composeCommand(serverCommand('linux'), 'linux', { local: null, selects: [], influxToken: true });
    expect(linux.split('\n').slice(0, 3)).toEqual([
      "export TELEGRAF_CONTROLLER_TOKEN='<telegraf_controller_token>'",
      "export REGION='<region>'",
      'export INFLUX_TOKEN="$TELEGRAF_CONTROLLER_TOKEN"',
    ]);
    const windows = composeCommand(serverCommand('windows'), 'windows', {
      local: null,
      selects: [],
      influxToken: true,
    });
    expect(windows.split('\n')[2]).toBe('$env:INFLUX_TOKEN=$env:TELEGRAF_CONTROLLER_TOKEN');
  });
});
