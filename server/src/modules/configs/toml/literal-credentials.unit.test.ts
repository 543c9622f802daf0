import { describe, expect, it } from 'vitest';
import { suggestedVariable } from './literal-credentials.js';
import { validateConfig } from './validate-config.js';

const credentialWarnings = (text: string) =>
  validateConfig(text).warnings.filter((warning) => warning.rule === 'literal-credential');

describe('literal credentials', () => {
  it('warns where a plugin holds a password, token, key or secret as a plain string, naming a fix', () => {
    const text = [
      '[[outputs.influxdb_v2]]',
      '  urls = ["http://db:8086"]',
      '  token = "s3cr3t-token"',
      '',
      '[[outputs.influxdb_v2]]',
      '  urls = ["http://db2:8086"]',
      '  token = "${INFLUX_TOKEN}"',
      '',
      '[[inputs.mysql]]',
      '  servers = ["tcp(db:3306)/"]',
      '  password = "hunter2"',
      '',
      '[[outputs.http]]',
      '  url = "http://x"',
      '  [outputs.http.headers]',
      '    Authorization = "Bearer abc"',
      '',
    ].join('\n');
    const warnings = credentialWarnings(text);
    expect(warnings.map(({ line, column }) => [line, column])).toEqual([
      [3, 3],
      [11, 3],
      [16, 5],
    ]);
    expect(warnings[0]!.message).toContain('${INFLUXDB_V2_TOKEN}');
    expect(warnings[0]!.message).toContain('@{store:key}');
    expect(validateConfig(text).valid).toBe(true);
  });

  it('leaves environment variables, secret stores, parameters, constants, file paths and empty values alone', () => {
    const text = [
      '[[outputs.influxdb_v2]]',
      '  urls = ["http://db:8086"]',
      '  token = "@{vault:influx}"',
      '',
      '[[inputs.mysql]]',
      '  servers = ["tcp(db:3306)/"]',
      '  password = "&{db_password}"',
      '  tls_key = "/etc/telegraf/key.pem"',
      '',
      '[[inputs.prometheus]]',
      '  urls = ["http://x"]',
      '  bearer_token = "/var/run/token"',
      '  password = ""',
      '  username = "{{prom_user}}"',
      '',
    ].join('\n');
    expect(credentialWarnings(text)).toEqual([]);
  });

  it('suggests an environment variable name from the plugin and field', () => {
    expect(suggestedVariable('influxdb_v2', 'token')).toBe('INFLUXDB_V2_TOKEN');
    expect(suggestedVariable('http', 'Authorization')).toBe('HTTP_AUTHORIZATION');
  });
});
