import { mkdtempSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { main } from './main.js';
import { OPTION_SPECS } from './option-table.js';
import { parseCommand, type Options } from './options.js';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'tc-options-'));
}

function parse(argv: string[], env: NodeJS.ProcessEnv = {}, cwd = tempDir()): Options {
  const command = parseCommand({ argv, env: { HOME: cwd, ...env }, cwd });
  if (command.kind !== 'run') throw new Error(`expected run, got ${command.kind}`);
  return command.options;
}

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const cwd = tempDir();
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk) => (out += chunk));
  stderr.on('data', (chunk) => (err += chunk));
  const code = await main(argv, { env: { HOME: cwd, ...env }, cwd, stdout, stderr });
  return { code, out, err };
}

describe('option precedence', () => {
  it('uses the documented defaults when nothing is set', () => {
    const options = parse([]);
    expect(options.port).toBe(8888);
    expect(options.heartbeatPort).toBe(8000);
    expect(options.host).toBe('0.0.0.0');
    expect(options.logLevel).toBe('info');
    expect(options.database.engine).toBe('sqlite');
    expect(options.database).toMatchObject({ file: expect.stringMatching(/telegraf-controller\/sqlite\.db$/) });
  });

  it('puts the default SQLite file in the platform data directory', () => {
    const home = tempDir();
    const options = parse([], { HOME: home }, home);
    expect(options.database).toEqual({
      engine: 'sqlite',
      file: join(home, '.local', 'share', 'telegraf-controller', 'sqlite.db'),
    });
  });

  it('a flag beats the environment, which beats .env, which beats the default', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, '.env'), 'APP_PORT=7001\nHEARTBEAT_PORT=7002\nLOG_LEVEL=debug\n');
    const options = parse(['--port', '9001'], { APP_PORT: '9002', HEARTBEAT_PORT: '9003' }, cwd);
    expect(options.port).toBe(9001);
    expect(options.heartbeatPort).toBe(9003);
    expect(options.logLevel).toBe('debug');
  });

  it('accepts --flag=value as well as --flag value', () => {
    expect(parse(['--port=9100', '--heartbeat-port', '9101']).port).toBe(9100);
  });

  it('reads PostgreSQL from DATABASE_URL and strips surrounding quotes', () => {
    const options = parse([], { DATABASE_URL: '"postgres://u@db.example:5432/tc?sslmode=require"' });
    expect(options.database).toEqual({ engine: 'postgres', url: 'postgres://u@db.example:5432/tc?sslmode=require' });
  });

  it('takes a SQLite path with or without the file: prefix, relative to the working directory', () => {
    const cwd = tempDir();
    expect(parse(['--database', 'file:./data/x.db'], {}, cwd).database).toEqual({
      engine: 'sqlite',
      file: join(cwd, 'data', 'x.db'),
    });
  });

  it('opens every endpoint group with *', () => {
    expect(parse([], { DISABLED_AUTH_ENDPOINTS: '*' }).disableAuthEndpoints).toEqual([
      'agents',
      'configs',
      'labels',
      'reporting-rules',
      'heartbeat',
    ]);
    expect(parse(['--disable-auth-endpoints', 'heartbeat, configs']).disableAuthEndpoints).toEqual([
      'heartbeat',
      'configs',
    ]);
  });

  it('treats --no-interactive as a bare switch', () => {
    expect(parse(['--no-interactive']).noInteractive).toBe(true);
    expect(parse([]).noInteractive).toBe(false);
  });
});

describe('options of features gone or still to come', () => {
  it('accepts LOGS_DIR and names the AUTH_*, HA_* and AUDIT_* variables it does not know yet', () => {
    const options = parse(['--logs-dir', '/var/tmp/tc'], {
      AUTH_SAML_IDP: 'https://id.example',
      HA_ENABLED: 'false',
      HA_QUORUM: '3',
      AUDIT_LOG_RETENTION: '720',
      AUDIT_SINK: 'syslog',
    });
    expect(options.logsDir).toBe('/var/tmp/tc');
    expect(options.notYetSupported).toEqual(['AUDIT_SINK', 'AUTH_SAML_IDP', 'HA_QUORUM']);
    expect(options.auditLogRetention).toBe(720);
  });
});

describe('audit forwarders', () => {
  it('reads the syslog, webhook and file destinations, and refuses a half-described one', () => {
    const options = parse([], {
      AUDIT_SYSLOG_HOST: 'siem.example',
      AUDIT_SYSLOG_PORT: '6514',
      AUDIT_SYSLOG_PROTOCOL: 'TCP',
      AUDIT_WEBHOOK_URL: 'https://hooks.example/audit?key=k',
      AUDIT_WEBHOOK_AUTH_HEADER: 'Bearer x',
      AUDIT_WEBHOOK_SECRET: 's'.repeat(16),
      AUDIT_FILE_PATH: '/var/log/tc/audit.jsonl',
      AUDIT_FORWARD_INTERVAL_MS: '250',
    });
    expect(options.auditForwarding).toEqual({
      syslog: { host: 'siem.example', port: 6514, protocol: 'tcp' },
      webhook: {
        url: 'https://hooks.example/audit?key=k',
        authorization: 'Bearer x',
        secret: 's'.repeat(16),
        timeoutMs: 10_000,
        retryDelayMs: 1_000,
      },
      file: { path: '/var/log/tc/audit.jsonl' },
      intervalMs: 250,
      backoffMaxMs: 60_000,
    });
    expect(options.notYetSupported).toEqual([]);
    expect(parse([]).auditForwarding).toMatchObject({ syslog: undefined, webhook: undefined, file: undefined });
    const refused = (env: NodeJS.ProcessEnv) => () => parse([], env);
    expect(refused({ AUDIT_SYSLOG_HOST: 'siem.example' })).toThrow(/needs all of AUDIT_SYSLOG_HOST/);
    expect(refused({ AUDIT_SYSLOG_PROTOCOL: 'tls' })).toThrow(/AUDIT_SYSLOG_PROTOCOL must be tcp or udp/);
    expect(refused({ AUDIT_WEBHOOK_URL: 'ftp://x.example' })).toThrow(/AUDIT_WEBHOOK_URL must be an absolute http/);
    expect(refused({ AUDIT_WEBHOOK_URL: 'https://u:p@x.example' })).toThrow(/must not carry a user or password/);
    expect(refused({ AUDIT_WEBHOOK_SECRET: 's'.repeat(16) })).toThrow(/AUDIT_WEBHOOK_SECRET needs AUDIT_WEBHOOK_URL/);
    expect(refused({ AUDIT_WEBHOOK_URL: 'https://x.example', AUDIT_WEBHOOK_SECRET: 'short' })).toThrow(/at least 16/);
    expect(refused({ AUDIT_FILE_PATH: 'audit.jsonl' })).toThrow(/AUDIT_FILE_PATH must be an absolute path/);
    // A header value with a line break (or beyond ASCII) is refused at start-up, and never repeated.
    const broken = refused({ AUDIT_WEBHOOK_URL: 'https://x.example', AUDIT_WEBHOOK_AUTH_HEADER: 'Bearer se\ncret' });
    expect(broken).toThrow(/AUDIT_WEBHOOK_AUTH_HEADER must be visible ASCII/);
    expect(broken).not.toThrow(/cret/);
    expect(refused({ AUDIT_WEBHOOK_URL: 'https://k:@' })).not.toThrow(/k:@/);
  });
});

describe('a cluster node', () => {
  it('takes HA_ENABLED with PostgreSQL and a session secret, and shortens its intervals on request', () => {
    const options = parse(['--ha-poll-interval', '250'], {
      HA_ENABLED: 'true',
      DATABASE_URL: 'postgres://db.example/fleet',
      SESSION_SECRET: 's'.repeat(32),
      HA_LEADER_RETRY_MS: '100',
    });
    expect(options).toMatchObject({ haEnabled: true, haPollIntervalMs: 250, haLeaderRetryMs: 100 });
    expect(parse([])).toMatchObject({ haEnabled: false, haPollIntervalMs: 5000, haLeaderRetryMs: 3000 });
  });
});

describe('start-up refuses bad options with exit code 2 and one line naming the option and the rule', () => {
  const cases: Array<[string, string[], NodeJS.ProcessEnv, RegExp]> = [
    ['an unknown flag', ['--prot', '1'], {}, /--prot is not an option/],
    ['a port that is not a number', ['--port', 'abc'], {}, /--port\/APP_PORT must be a whole number from 1 to 65535/],
    ['a port out of range', [], { HEARTBEAT_PORT: '70000' }, /--heartbeat-port\/HEARTBEAT_PORT must be a whole/],
    ['two listeners on one port', ['--port', '9000', '--heartbeat-port', '9000'], {}, /must differ from --port/],
    ['the UI port on the API port', ['--ui-port', '8888'], {}, /--ui-port\/UI_PORT must differ from --port/],
    ['a certificate without a key', ['--ssl-cert', 'cert.pem'], {}, /--ssl-key\/SSL_KEY_PATH is required/],
    ['a key without a certificate', [], { SSL_KEY_PATH: 'key.pem' }, /--ssl-cert\/SSL_CERT_PATH is required/],
    [
      'an unreadable certificate',
      ['--ssl-cert', '/nonexistent/c.pem', '--ssl-key', '/nonexistent/k.pem'],
      {},
      /--ssl-cert\/SSL_CERT_PATH must name a readable file/,
    ],
    ['an unknown endpoint group', [], { DISABLED_AUTH_ENDPOINTS: 'users' }, /"users" is not a group/],
    ['an unknown log level', ['--log-level', 'loud'], {}, /--log-level\/LOG_LEVEL must be one of/],
    ['an unsupported database scheme', [], { DATABASE_URL: 'mysql://x/y' }, /scheme "mysql" is not supported/],
    ['a short session secret', ['--session-secret', 'short'], {}, /at least 32 characters/],
    ['a value for a switch', ['--no-interactive=yes'], {}, /--no-interactive takes no value/],
    ['a flag without its value', ['--port'], {}, /--port needs a value/],
    [
      'a cluster on SQLite',
      ['--ha-enabled', '--session-secret', 's'.repeat(32)],
      {},
      /--ha-enabled\/HA_ENABLED needs PostgreSQL/,
    ],
    [
      'a cluster without a shared session secret',
      [],
      { HA_ENABLED: 'true', DATABASE_URL: 'postgres://db.example/fleet' },
      /--ha-enabled\/HA_ENABLED needs --session-secret\/SESSION_SECRET/,
    ],
    ['a poll interval of no time', [], { HA_POLL_INTERVAL_MS: '0' }, /HA_POLL_INTERVAL_MS must be a whole number/],
    ['LDAP without its URL', [], { AUTH_LDAP_ENABLED: 'true' }, /AUTH_LDAP_ENABLED needs AUTH_LDAP_URL/],
    ['an LDAP URL of another scheme', [], { AUTH_LDAP_URL: 'http://ldap.example' }, /AUTH_LDAP_URL must be an ldap/],
    [
      'a search filter without the name',
      [],
      { AUTH_LDAP_USER_SEARCH_FILTER: '(uid=alice)' },
      /AUTH_LDAP_USER_SEARCH_FILTER must contain \{\{username\}\}/,
    ],
    ['local sign-in off with no other way in', [], { AUTH_LOCAL_ENABLED: 'false' }, /AUTH_LOCAL_ENABLED=false needs/],
    ['OIDC without its issuer', [], { AUTH_OIDC_ENABLED: 'true' }, /AUTH_OIDC_ENABLED needs AUTH_OIDC_ISSUER/],
    [
      'an OIDC callback elsewhere',
      [],
      {
        AUTH_OIDC_ENABLED: 'true',
        AUTH_OIDC_ISSUER: 'https://id.example',
        AUTH_OIDC_CLIENT_ID: 'c',
        AUTH_OIDC_CLIENT_SECRET: 's',
        AUTH_OIDC_REDIRECT_URI: 'https://tc.example/callback',
      },
      /AUTH_OIDC_REDIRECT_URI must end with \/api\/auth\/oidc\/callback/,
    ],
    [
      'a plain-HTTP issuer without AUTH_OIDC_ALLOW_INSECURE',
      [],
      {
        AUTH_OIDC_ENABLED: 'true',
        AUTH_OIDC_ISSUER: 'http://id.example',
        AUTH_OIDC_CLIENT_ID: 'c',
        AUTH_OIDC_CLIENT_SECRET: 's',
        AUTH_OIDC_REDIRECT_URI: 'https://tc.example/api/auth/oidc/callback',
      },
      /AUTH_OIDC_ISSUER must be https:\/\//,
    ],
    ['a directory owner without a directory', [], { OWNER_AUTH_PROVIDER: 'ldap' }, /OWNER_AUTH_PROVIDER=ldap needs/],
    ['an owner provider not built', [], { OWNER_AUTH_PROVIDER: 'oidc' }, /OWNER_AUTH_PROVIDER must be local or ldap/],
  ];
  for (const [name, argv, env, message] of cases) {
    it(`refuses ${name}`, async () => {
      const { code, err, out } = await run(argv, env);
      expect(code).toBe(2);
      expect(out).toBe('');
      expect(err).toMatch(message);
      expect(err.trim().split('\n')).toHaveLength(1);
    });
  }

  it('refuses a database path in a directory it cannot create', async () => {
    const cwd = tempDir();
    const locked = join(cwd, 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    writeFileSync(join(cwd, 'plain-file'), 'x');
    // A file where a directory must be fails even for root, who ignores permission bits.
    const { code, err } = await run(['--database', join(cwd, 'plain-file', 'sub', 'x.db')]);
    expect(code).toBe(2);
    expect(err).toMatch(/--database\/DATABASE_URL must be in a directory that can be created and written/);
  });

  it('refuses a database path that is a directory', async () => {
    const { code, err } = await run(['--database', tempDir()]);
    expect(code).toBe(2);
    expect(err).toMatch(/--database\/DATABASE_URL names a directory/);
  });
});

describe('--help and --version', () => {
  it('--help lists every option with its environment name and default', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    for (const spec of OPTION_SPECS) {
      const line = out
        .split('\n')
        .find((l) => (spec.flag ? l.trimStart().startsWith(`--${spec.flag} `) : l.includes(` ${spec.env} `)));
      expect(line, spec.key).toBeDefined();
      if (spec.env) expect(line).toContain(spec.env);
      expect(line).toContain(`[default: ${spec.defaultText}]`);
    }
  });

  it('--version prints the version alone', async () => {
    const { code, out } = await run(['--version']);
    expect(code).toBe(0);
    expect(out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('the README options table', () => {
  it('documents every option with its flag and environment variable', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const spec of OPTION_SPECS) {
      if (spec.flag) expect(readme, spec.key).toMatch(new RegExp(`\\| \`--${spec.flag}\`\\s+\\|`));
      if (spec.env) expect(readme, spec.key).toContain(`\`${spec.env}\``);
    }
  });
});
