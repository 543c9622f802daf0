import { describe, expect, it } from 'vitest';
import { buildStartCommand } from './config-command.js';

const placeholders = {
  parameters: [{ name: 'agent_id' }, { name: 'dc', default: 'eu' }],
  constants: [],
  envVars: ['TELEGRAF_CONTROLLER_TOKEN', 'REGION'],
  secrets: [],
};

describe('start commands', () => {
  it('single-quotes the URL and the variables, and encodes every value strictly', () => {
    const linux = buildStartCommand({
      os: 'linux',
      apiBaseUrl: 'https://ctl.example.com',
      tomlPath: '/api/configs/abc/toml',
      placeholders,
      values: { agent_id: `web-01'; rm -rf / #`, dc: '$(id)' },
      watchInterval: '1m',
    });
    expect(linux.url).toBe(
      'https://ctl.example.com/api/configs/abc/toml?agent_id=web-01%27%3B%20rm%20-rf%20%2F%20%23&dc=%24%28id%29',
    );
    expect(linux.command).toBe(
      [
        "export TELEGRAF_CONTROLLER_TOKEN='<telegraf_controller_token>'",
        "export REGION='<region>'",
        'telegraf \\',
        `  --config '${linux.url}' \\`,
        '  --config-url-watch-interval 1m',
        '',
      ].join('\n'),
    );
    const windows = buildStartCommand({
      ...{ os: 'windows' as const },
      apiBaseUrl: 'https://ctl.example.com',
      tomlPath: '/c/edge',
      placeholders,
      values: {},
      watchInterval: '0',
    });
    expect(windows.command).toContain(`$env:TELEGRAF_CONTROLLER_TOKEN='<telegraf_controller_token>'`);
    expect(windows.command).toContain(`  --config 'https://ctl.example.com/c/edge?agent_id=<agent_id>'`);
    expect(windows.missing).toEqual(['agent_id']);
  });
});
