import { describe, expect, it } from 'vitest';
import { buildStartCommand } from './config-command.js';

/** Parameters `agent_id` (required) and `dc` (default eu), the variable REGION, and two labelled inputs. */
const template = [
  '[[outputs.heartbeat]]',
  '  url = "http://ctl/agents/heartbeat"',
  '  instance_id = "&{agent_id}"',
  '  token = "${TELEGRAF_CONTROLLER_TOKEN}"',
  '[[inputs.cpu]]',
  '  tags = { dc = "&{dc:eu}", region = "${REGION}" }',
  '  [inputs.cpu.labels]',
  '    site = "edge"',
  '    tier = "gold"',
  '[[inputs.mem]]',
  '  [inputs.mem.labels]',
  '    site = "core"',
  '[[inputs.disk]]',
  '  [inputs.disk.labels]',
  '    site = "edge"',
  '    weight = 3',
  '',
].join('\n');

describe('start commands', () => {
  it('single-quotes the URL and the variables, and encodes every value strictly', () => {
    const linux = buildStartCommand({
      os: 'linux',
      apiBaseUrl: 'https://ctl.example.com',
      tomlPath: '/api/configs/abc/toml',
      template,
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
      template,
      values: {},
      watchInterval: '0',
    });
    expect(windows.command).toContain(`$env:TELEGRAF_CONTROLLER_TOKEN='<telegraf_controller_token>'`);
    expect(windows.command).toContain(`  --config 'https://ctl.example.com/c/edge?agent_id=<agent_id>'`);
    expect(windows.missing).toEqual(['agent_id']);
  });

  it('lists the label keys and values the plugins carry, for --select; non-string values are left out', () => {
    const command = buildStartCommand({
      os: 'linux',
      apiBaseUrl: 'https://ctl.example.com',
      tomlPath: '/api/configs/abc/toml',
      template,
      values: {},
      watchInterval: '1m',
    });
    expect(command.selectorLabels).toEqual([
      { key: 'site', values: ['edge', 'core'] },
      { key: 'tier', values: ['gold'] },
    ]);
  });

  it('finds no labels in a template that does not parse', () => {
    const command = buildStartCommand({
      os: 'linux',
      apiBaseUrl: 'https://ctl.example.com',
      tomlPath: '/x',
      template: '[[inputs.cpu]\n[inputs.cpu.labels]\nsite = "edge"\n',
      values: {},
      watchInterval: '1m',
    });
    expect(command.selectorLabels).toEqual([]);
  });
});
