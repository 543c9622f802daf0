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
      '    X-Api-Key = "k-123"',
      '',
      '[[inputs.prometheus]]',
      '  urls = ["http://x"]',
      '  bearer_token_string = "eyJhbGciOi"',
      '',
      '[[outputs.influxdb_v2]]',
      '  urls = ["http://db3:8086"]',
      '  token = "another-token"',
      '',
    ].join('\n');
    const warnings = credentialWarnings(text);
    expect(warnings.map(({ line, column }) => [line, column])).toEqual([
      [3, 3],
      [11, 3],
      [16, 5],
      [17, 5],
      [21, 3],
      [25, 3],
    ]);
    expect(warnings[0]!.message).toContain('${INFLUXDB_V2_TOKEN}');
    // The third instance gets its own variable: two instances never share one credential by accident.
    expect(warnings[5]!.message).toContain('${INFLUXDB_V2_TOKEN_3}');
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
      '',
      '[[inputs.snmp]]',
      '  agents = ["udp://x:161"]',
      '  auth_password = "::{snmp_auth}"',
      '  priv_password = "$SNMP_PRIV"',
      '',
      '[[inputs.dcos]]',
      '  cluster_url = "https://dcos.example"',
      '  service_account_private_key = "/etc/telegraf/dcos.pem"',
      '  token = "C:\\\\keys\\\\dcos.key"',
      '',
    ].join('\n');
    expect(credentialWarnings(text)).toEqual([]);
  });

  it('suggests an environment variable name from the plugin and field', () => {
    expect(suggestedVariable('influxdb_v2', 'token')).toBe('INFLUXDB_V2_TOKEN');
    expect(suggestedVariable('http', 'Authorization')).toBe('HTTP_AUTHORIZATION');
    expect(suggestedVariable('http', 'X-Api-Key', 1)).toBe('HTTP_X_API_KEY_2');
  });
});
