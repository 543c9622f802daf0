import { describe, expect, it } from 'vitest';
import { telegrafVersionKey } from '../../../lib/telegraf-version.js';
import { compatibilityWarnings } from '../agent-compatibility.js';
import { telegrafRequirements } from './telegraf-requirements.js';

const TEMPLATE = `[[inputs.cpu]]
[[inputs.aerospike]]
  [inputs.aerospike.labels]
    team = "db"
[[outputs.heartbeat]]
  url = "http://controller:8443/agents/heartbeat"
  instance_id = "&{agent_id}"
  include = ["hostname", "statistics", "logs"]
  token = "\${TELEGRAF_CONTROLLER_TOKEN}"
  [outputs.heartbeat.status]
    default = "ok"
`;

describe('what a configuration asks of Telegraf', () => {
  it('lists each plugin’s release from the catalogue, removals, labels, heartbeat logs and status, and the controller token', () => {
    const found = telegrafRequirements(TEMPLATE).map(({ kind, version, what, line }) => ({
      kind,
      version,
      what,
      line,
    }));
    expect(found).toEqual([
      { kind: 'introduced', version: '0.1.5', what: 'inputs.cpu', line: 1 },
      { kind: 'introduced', version: '0.2.0', what: 'inputs.aerospike', line: 2 },
      { kind: 'removed', version: '1.40.0', what: 'inputs.aerospike', line: 2 },
      { kind: 'introduced', version: '1.36.0', what: 'inputs.aerospike labels', line: 2 },
      { kind: 'introduced', version: '1.37.0', what: 'outputs.heartbeat', line: 5 },
      { kind: 'introduced', version: '1.38.0', what: "the heartbeat's logs", line: 5 },
      { kind: 'introduced', version: '1.38.0', what: "the heartbeat's status", line: 5 },
      { kind: 'introduced', version: '1.39.0', what: 'TELEGRAF_CONTROLLER_TOKEN', line: 9 },
    ]);
  });

  it('asks nothing of a template that does not parse, nor of unknown plugins, nor of a commented-out token', () => {
    expect(telegrafRequirements('[[inputs.cpu]]\n# token = "${TELEGRAF_CONTROLLER_TOKEN}"\n')).toHaveLength(1);
    expect(telegrafRequirements('[[inputs.cpu]\n')).toEqual([]);
    expect(telegrafRequirements('[[inputs.made_up]]\n')).toEqual([]);
  });

  it('reads versions as agents report them, in an order the database can compare', () => {
    expect(telegrafVersionKey('Telegraf 1.39.3 (git: HEAD@b2726314)')).toBe('0001.0039.0003');
    expect(telegrafVersionKey('Telegraf 1.37.0-c3db479e (git: output_heartbeat@c3db479e)')).toBe('0001.0037.0000');
    expect(telegrafVersionKey('Telegraf unknown')).toBeUndefined();
    expect(telegrafVersionKey('Telegraf 12345.1.1')).toBeUndefined();
    expect(telegrafVersionKey('Telegraf 1.9.0')! < telegrafVersionKey('Telegraf 1.10.0')!).toBe(true);
  });

  it('warns the editor with how many agents loading the configuration could not run the change, where it asks', () => {
    const versions = [
      { versionKey: telegrafVersionKey('1.37.2')!, count: 3 },
      { versionKey: telegrafVersionKey('1.38.1')!, count: 1 },
      { versionKey: telegrafVersionKey('1.40.0')!, count: 2 },
    ];
    const warnings = compatibilityWarnings(telegrafRequirements(TEMPLATE), versions);
    expect(warnings.map(({ line, message, rule }) => ({ line, message, rule }))).toEqual([
      {
        line: 2,
        message: '2 agents that load this configuration run Telegraf 1.40.0 or later, which removes inputs.aerospike',
        rule: 'incompatible-agents',
      },
      {
        line: 5,
        message:
          "3 agents that load this configuration run Telegraf older than 1.38.0, the first release with the heartbeat's logs",
        rule: 'incompatible-agents',
      },
      {
        line: 5,
        message:
          "3 agents that load this configuration run Telegraf older than 1.38.0, the first release with the heartbeat's status",
        rule: 'incompatible-agents',
      },
      {
        line: 9,
        message:
          '4 agents that load this configuration run Telegraf older than 1.39.0, the first release with TELEGRAF_CONTROLLER_TOKEN',
        rule: 'incompatible-agents',
      },
    ]);
    expect(compatibilityWarnings(telegrafRequirements('[[inputs.cpu]]\n'), versions)).toEqual([]);
  });
});
