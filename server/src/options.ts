import { accessSync, constants, existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createSecureContext } from 'node:tls';
import { parseArgs, parseEnv } from 'node:util';
import { OPTION_SPECS, OptionError, optionName, type OptionSpec, type OptionValues } from './option-table.js';
import { platformDataDir } from './lib/paths.js';
import {
  auditForwardingOf,
  withoutAuditForwarding,
  type AuditForwarding,
  type AuditForwardingKey,
} from './option-table-audit.js';

export { OptionError } from './option-table.js';

export type DatabaseTarget = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

type LdapOptionKey = Extract<keyof OptionValues, `authLdap${string}` | `authOidc${string}`>;

export interface Options
  extends Omit<OptionValues, 'database' | 'sslCert' | 'sslKey' | LdapOptionKey | AuditForwardingKey> {
  database: DatabaseTarget;
  /** The directory people sign in through, when `AUTH_LDAP_ENABLED` (checked whole at start-up). */
  ldap: LdapSettings | undefined;
  /** The OpenID Connect provider people sign in through, when `AUTH_OIDC_ENABLED`. */
  oidc: OidcSettings | undefined;
  /** Where the audit log is forwarded to (syslog, webhook, file). */
  auditForwarding: AuditForwarding;
  /** The certificate and key as read at start-up, and where they were read from (read again on SIGHUP). */
  tls: TlsFiles | undefined;
  /** `AUTH_*`, `HA_*` and `AUDIT_*` variables that are no option here (a typo): start-up names them in a warning. */
  notYetSupported: readonly string[];
}

export interface LdapSettings {
  url: string;
  bindDn: string;
  bindPassword: string;
  searchBase: string;
  /** With `{{username}}` where the escaped typed name goes. */
  searchFilter: string;
  startTls: boolean;
  /** The CA's PEM, read at start-up. */
  ca: Buffer | undefined;
  rejectUnauthorized: boolean;
  attributes: { username: string; email: string; displayName: string; groups: string };
  timeoutMs: number;
  /** How often the leader checks that every LDAP user is still in the directory. */
  syncIntervalSeconds: number;
}

export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  scopes: string;
  usernameClaim: string;
  groupsClaim: string;
  displayName: string;
  postLoginRedirect: string;
  allowInsecure: boolean;
  /** How soon after reading the provider's keys a token naming an unknown key makes us read them again. */
  jwksCooldownSeconds: number;
}

/** Prefixes of the sign-in, cluster and audit options: a variable with one that is no option here is warned about. */
const COMING_PREFIXES = ['AUTH_', 'HA_', 'AUDIT_'];

/** `backup FILE` and `restore FILE` come first on the command line; the options that follow name the database. */
export type MaintenanceKind = 'backup' | 'restore';

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'run'; options: Options }
  | { kind: MaintenanceKind; file: string; options: Options }
  /** `audit verify [--head SEQ:HASH]… [options]`: walks the audit chain of the database the options name. */
  | { kind: 'audit-verify'; heads: { seq: number; hash: string }[]; options: Options };

export interface OptionSources {
  argv: readonly string[];
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Flags > process environment > `.env` in the working directory > defaults. Returns one frozen, validated
 * Options object or throws `OptionError` whose message is the single line start-up prints before exiting 2.
 */
export function parseCommand({ argv, env, cwd }: OptionSources): Command {
  const [first, file] = argv;
  if (first === 'backup' || first === 'restore') {
    if (file === undefined || file === '' || file.startsWith('--')) {
      throw new OptionError(`${first} needs a file: telegraf-controller ${first} FILE [options]`);
    }
    const command = parseCommand({ argv: argv.slice(2), env, cwd });
    if (command.kind !== 'run') return command;
    return { kind: first, file: resolve(cwd, file), options: command.options };
  }
  if (first === 'audit') {
    if (file !== 'verify')
      throw new OptionError('audit needs a command: telegraf-controller audit verify [--head SEQ:HASH]');
    const heads: { seq: number; hash: string }[] = [];
    const rest: string[] = [];
    for (let i = 2; i < argv.length; i++) {
      const arg = argv[i]!;
      const given = arg === '--head' ? argv[++i] : arg.startsWith('--head=') ? arg.slice('--head='.length) : undefined;
      if (given === undefined && (arg === '--head' || arg.startsWith('--head='))) {
        throw new OptionError('--head needs SEQ:HASH');
      }
      if (given === undefined) {
        rest.push(arg);
        continue;
      }
      const match = /^([0-9]{1,15}):([0-9a-f]{64})$/.exec(given);
      if (match === null) throw new OptionError(`--head must be SEQ:HASH, a number and 64 hex digits (got "${given}")`);
      heads.push({ seq: Number(match[1]), hash: match[2]! });
    }
    const command = parseCommand({ argv: rest, env, cwd });
    if (command.kind !== 'run') return command;
    return { kind: 'audit-verify', heads, options: command.options };
  }
  const flags = readFlags(argv);
  if (flags.help) return { kind: 'help' };
  if (flags.version) return { kind: 'version' };
  const dotenv = readDotenv(cwd);
  const values = {} as Record<keyof OptionValues, unknown>;
  for (const spec of OPTION_SPECS) {
    const fromFlag = spec.flag === undefined ? undefined : flags.values[spec.flag];
    const raw =
      fromFlag !== undefined
        ? String(fromFlag)
        : spec.env === undefined
          ? undefined
          : (env[spec.env] ?? dotenv[spec.env]);
    try {
      values[spec.key] = spec.parse(raw);
    } catch (error) {
      if (error instanceof OptionError) throw new OptionError(`${optionName(spec)} ${error.message}`);
      throw error;
    }
  }
  return { kind: 'run', options: Object.freeze(finish(values as unknown as OptionValues, env, cwd)) };
}

function readFlags(argv: readonly string[]) {
  const options: Record<string, { type: 'string' | 'boolean' }> = {
    help: { type: 'boolean' },
    version: { type: 'boolean' },
  };
  for (const spec of OPTION_SPECS) {
    if (spec.flag) options[spec.flag] = { type: spec.boolean ? 'boolean' : 'string' };
  }
  try {
    const parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false });
    const values = parsed.values as Record<string, string | boolean | undefined>;
    return { help: values.help === true, version: values.version === true, values };
  } catch (error) {
    throw new OptionError(describeArgError(error));
  }
}

function describeArgError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '([^']+)'/.exec(message);
  if (unknown) return `${unknown[1]} is not an option (see --help)`;
  const positional = /Unexpected argument '([^']+)'/.exec(message);
  if (positional) return `unexpected argument "${positional[1]}": options are written --name value (see --help)`;
  const missing = /Option '(--[^ ']+)[^']*' argument missing/.exec(message);
  if (missing) return `${missing[1]} needs a value`;
  const valued = /Option '(--[^ ']+)' does not take an argument/.exec(message);
  if (valued) return `${valued[1]} takes no value`;
  return message.split('\n')[0] ?? 'invalid command line';
}

function readDotenv(cwd: string): NodeJS.Dict<string> {
  const file = join(cwd, '.env');
  if (!existsSync(file)) return {};
  try {
    return parseEnv(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new OptionError(`.env in ${cwd} cannot be read: ${(error as Error).message}`);
  }
}

/** Rules that join several options or touch the file system; each failure names the option it blames. */
function finish(values: OptionValues, env: NodeJS.ProcessEnv, cwd: string): Options {
  const ports: Array<[string, number | undefined]> = [
    ['--port/APP_PORT', values.port],
    ['--heartbeat-port/HEARTBEAT_PORT', values.heartbeatPort],
    ['--ui-port/UI_PORT', values.uiPort],
  ];
  for (let i = 0; i < ports.length; i++) {
    for (let j = 0; j < i; j++) {
      const [a, portA] = ports[j]!;
      const [b, portB] = ports[i]!;
      if (portA !== undefined && portA === portB) {
        throw new OptionError(`${b} must differ from ${a} (both are ${portA}): two listeners cannot share a port`);
      }
    }
  }
  if (values.haEnabled && values.sessionSecret === undefined) {
    throw new OptionError(
      '--ha-enabled/HA_ENABLED needs --session-secret/SESSION_SECRET, the same on every node of the cluster',
    );
  }
  const {
    sslCert,
    sslKey,
    database,
    authLdapEnabled,
    authLdapUrl,
    authLdapBindDn,
    authLdapBindPassword,
    authLdapUserSearchBase,
    authLdapUserSearchFilter,
    authLdapStartTls,
    authLdapCaCertPath,
    authLdapRejectUnauthorized,
    authLdapAttrUsername,
    authLdapAttrEmail,
    authLdapAttrDisplayName,
    authLdapAttrGroups,
    authLdapTimeoutMs,
    authLdapSyncIntervalSeconds,
    authOidcEnabled,
    authOidcIssuer,
    authOidcClientId,
    authOidcClientSecret,
    authOidcRedirectUri,
    authOidcScopes,
    authOidcUsernameClaim,
    authOidcGroupsClaim,
    authOidcDisplayName,
    authOidcPostLoginRedirect,
    authOidcAllowInsecure,
    authOidcJwksCooldownSeconds,
    ...withAudit
  } = values;
  const rest = withoutAuditForwarding(withAudit);
  const auditForwarding = auditForwardingOf(values);
  let ldap: LdapSettings | undefined;
  if (authLdapEnabled) {
    const required = (value: string | undefined, name: string) => {
      if (value === undefined) throw new OptionError(`AUTH_LDAP_ENABLED needs ${name}`);
      return value;
    };
    ldap = {
      url: required(authLdapUrl, 'AUTH_LDAP_URL'),
      bindDn: required(authLdapBindDn, 'AUTH_LDAP_BIND_DN'),
      bindPassword: required(authLdapBindPassword, 'AUTH_LDAP_BIND_PASSWORD'),
      searchBase: required(authLdapUserSearchBase, 'AUTH_LDAP_USER_SEARCH_BASE'),
      searchFilter: authLdapUserSearchFilter,
      startTls: authLdapStartTls,
      ca:
        authLdapCaCertPath === undefined
          ? undefined
          : readPem(resolve(cwd, authLdapCaCertPath), 'AUTH_LDAP_CA_CERT_PATH', 'CERTIFICATE'),
      rejectUnauthorized: authLdapRejectUnauthorized,
      attributes: {
        username: authLdapAttrUsername,
        email: authLdapAttrEmail,
        displayName: authLdapAttrDisplayName,
        groups: authLdapAttrGroups,
      },
      timeoutMs: authLdapTimeoutMs,
      syncIntervalSeconds: authLdapSyncIntervalSeconds,
    };
  }
  const known = new Set(OPTION_SPECS.map((spec) => spec.env));
  const notYetSupported = Object.keys(env)
    .filter((name) => COMING_PREFIXES.some((prefix) => name.startsWith(prefix)) && !known.has(name))
    .sort();
  const target = resolveDatabase(database, env, cwd);
  if (values.haEnabled && target.engine !== 'postgres') {
    throw new OptionError(
      '--ha-enabled/HA_ENABLED needs PostgreSQL (--database/DATABASE_URL postgres://…): nodes of a cluster share one database, which SQLite cannot be',
    );
  }
  let oidc: OidcSettings | undefined;
  if (authOidcEnabled) {
    const required = (value: string | undefined, name: string) => {
      if (value === undefined) throw new OptionError(`AUTH_OIDC_ENABLED needs ${name}`);
      return value;
    };
    oidc = {
      issuer: required(authOidcIssuer, 'AUTH_OIDC_ISSUER'),
      clientId: required(authOidcClientId, 'AUTH_OIDC_CLIENT_ID'),
      clientSecret: required(authOidcClientSecret, 'AUTH_OIDC_CLIENT_SECRET'),
      redirectUri: required(authOidcRedirectUri, 'AUTH_OIDC_REDIRECT_URI'),
      scopes: authOidcScopes,
      usernameClaim: authOidcUsernameClaim,
      groupsClaim: authOidcGroupsClaim,
      displayName: authOidcDisplayName,
      postLoginRedirect: authOidcPostLoginRedirect,
      allowInsecure: authOidcAllowInsecure,
      jwksCooldownSeconds: authOidcJwksCooldownSeconds,
    };
    if (!new URL(oidc.redirectUri).pathname.endsWith('/api/auth/oidc/callback')) {
      throw new OptionError('AUTH_OIDC_REDIRECT_URI must end with /api/auth/oidc/callback');
    }
    for (const [name, url] of [
      ['AUTH_OIDC_ISSUER', oidc.issuer],
      ['AUTH_OIDC_REDIRECT_URI', oidc.redirectUri],
    ] as const) {
      if (url.startsWith('http:') && !oidc.allowInsecure) {
        throw new OptionError(
          `${name} must be https:// (AUTH_OIDC_ALLOW_INSECURE=true allows http:// for a test provider)`,
        );
      }
    }
  }
  if (rest.ownerAuthProvider === 'ldap' && (ldap === undefined || rest.ownerExternalId === undefined)) {
    throw new OptionError(
      'OWNER_AUTH_PROVIDER=ldap needs AUTH_LDAP_ENABLED=true and OWNER_EXTERNAL_ID (the owner’s DN)',
    );
  }
  if (!rest.authLocalEnabled && ldap === undefined && oidc === undefined) {
    throw new OptionError(
      'AUTH_LOCAL_ENABLED=false needs another way to sign in: AUTH_LDAP_ENABLED=true (or nobody could sign in)',
    );
  }
  return {
    ...rest,
    ldap,
    oidc,
    auditForwarding,
    notYetSupported,
    databaseCaCert: values.databaseCaCert ?? (env.PGSSLROOTCERT || undefined),
    database: target,
    tls: readTls(sslCert, sslKey, cwd),
  };
}

export interface TlsFiles {
  cert: Buffer;
  key: Buffer;
  certPath?: string;
  keyPath?: string;
}

function readTls(certPath: string | undefined, keyPath: string | undefined, cwd: string): Options['tls'] {
  if (certPath === undefined && keyPath === undefined) return undefined;
  if (certPath === undefined) throw new OptionError('--ssl-cert/SSL_CERT_PATH is required when --ssl-key is set');
  if (keyPath === undefined) throw new OptionError('--ssl-key/SSL_KEY_PATH is required when --ssl-cert is set');
  return loadTls(resolve(cwd, certPath), resolve(cwd, keyPath));
}

/**
 * Reads and checks a certificate and key (at start-up, and again on SIGHUP for a rotated certificate); throws
 * `OptionError` naming the option and the rule.
 */
export function loadTls(certPath: string, keyPath: string): TlsFiles {
  const cert = readPem(certPath, '--ssl-cert/SSL_CERT_PATH', 'CERTIFICATE');
  const key = readPem(keyPath, '--ssl-key/SSL_KEY_PATH', 'PRIVATE KEY');
  try {
    createSecureContext({ cert, key });
  } catch (error) {
    throw new OptionError(`--ssl-cert/--ssl-key do not form a usable certificate and key: ${(error as Error).message}`);
  }
  return { cert, key, certPath, keyPath };
}

function readPem(path: string, name: string, label: string): Buffer {
  let content: Buffer;
  try {
    content = readFileSync(path);
  } catch (error) {
    throw new OptionError(`${name} must name a readable file (${path}: ${(error as NodeJS.ErrnoException).code})`);
  }
  if (!content.toString('utf8').includes(label)) {
    throw new OptionError(`${name} must be a PEM file holding a ${label} (${path})`);
  }
  return content;
}

function resolveDatabase(value: string | undefined, env: NodeJS.ProcessEnv, cwd: string): DatabaseTarget {
  if (value !== undefined && /^postgres(ql)?:\/\//i.test(value)) {
    try {
      new URL(value);
    } catch {
      throw new OptionError('--database/DATABASE_URL is not a valid postgres:// URL');
    }
    return { engine: 'postgres', url: value };
  }
  const file =
    value === undefined ? join(platformDataDir(env), 'sqlite.db') : resolve(cwd, value.replace(/^file:(\/\/)?/i, ''));
  checkSqliteFile(file);
  return { engine: 'sqlite', file };
}

/** The SQLite file must be readable and writable, or creatable in a directory we may write to. */
function checkSqliteFile(file: string): void {
  const name = '--database/DATABASE_URL';
  if (existsSync(file)) {
    if (statSync(file).isDirectory()) throw new OptionError(`${name} names a directory, not a file (${file})`);
    try {
      accessSync(file, constants.R_OK | constants.W_OK);
    } catch {
      throw new OptionError(`${name} must be a readable and writable file (${file})`);
    }
    return;
  }
  const dir = dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
    accessSync(dir, constants.W_OK);
  } catch {
    throw new OptionError(`${name} must be in a directory that can be created and written (${dir})`);
  }
}

export function helpText(): string {
  const rows = OPTION_SPECS.map((spec: OptionSpec) => ({
    flag: spec.flag ? `--${spec.flag}${spec.boolean ? '' : ' <value>'}` : '(environment only)',
    env: spec.env ?? '',
    spec,
  }));
  const flagWidth = Math.max(...rows.map((row) => row.flag.length));
  const envWidth = Math.max(...rows.map((row) => row.env.length));
  const lines = rows.map(
    ({ flag, env, spec }) =>
      `  ${flag.padEnd(flagWidth)}  ${env.padEnd(envWidth)}  ${spec.description} [default: ${spec.defaultText}]`,
  );
  return [
    'Usage: telegraf-controller [options]',
    '       telegraf-controller backup FILE [options]    SQLite: an online backup into FILE; PostgreSQL: the pg_dump command',
    '       telegraf-controller restore FILE [options]   SQLite: FILE into an empty --database; PostgreSQL: the pg_restore command',
    '       telegraf-controller audit verify [--head SEQ:HASH]... [options]   walk the audit chain; exit 1 at a broken link',
    '',
    'Control plane for Telegraf fleets. Each option is a flag or an environment variable;',
    'flags win over the environment, which wins over a .env file in the working directory.',
    '',
    `  ${'flag'.padEnd(flagWidth)}  ${'environment'.padEnd(envWidth)}  meaning`,
    ...lines,
    `  ${'--help'.padEnd(flagWidth)}  ${''.padEnd(envWidth)}  Print this help`,
    `  ${'--version'.padEnd(flagWidth)}  ${''.padEnd(envWidth)}  Print the version`,
    '',
  ].join('\n');
}
