import { isAbsolute } from 'node:path';
import { OptionError, optionalPort, wholeNumber } from './option-parsers.js';
import type { OptionSpec, OptionValues } from './option-table.js';

/** Where the audit log is forwarded to (platform.md §6): startup-only, any combination, each independent. */
export interface AuditForwarding {
  syslog: { host: string; port: number; protocol: 'tcp' | 'udp' } | undefined;
  webhook:
    | {
        url: string;
        /** Sent verbatim as `Authorization`. */
        authorization: string | undefined;
        /** Signs each delivery (HMAC-SHA256 over timestamp and body). */
        secret: string | undefined;
        timeoutMs: number;
        retryDelayMs: number;
      }
    | undefined;
  file: { path: string } | undefined;
  /** How often the leader looks for entries to send. */
  intervalMs: number;
  /** The longest wait before a failing destination is tried again (the wait doubles from `intervalMs`). */
  backoffMaxMs: number;
}

export type AuditForwardingKey =
  | Extract<keyof OptionValues, `auditSyslog${string}` | `auditWebhook${string}`>
  | 'auditFilePath'
  | 'auditForwardIntervalMs'
  | 'auditForwardBackoffMaxSeconds';

function syslogProtocol(raw: string | undefined): 'tcp' | 'udp' | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim().toLowerCase();
  if (value === 'tcp' || value === 'udp') return value;
  throw new OptionError(`must be tcp or udp (got "${raw}")`);
}

function syslogHost(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = raw.trim();
  if (value.length > 255 || !/^[A-Za-z0-9.:_-]+$/.test(value)) {
    throw new OptionError(`must be a host name or IP address (got "${raw}")`);
  }
  return value;
}

/** The URL may hold the receiver's key: an error never repeats it. */
function webhookUrl(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new OptionError('must be an absolute http:// or https:// URL');
  }
  if (!['http:', 'https:'].includes(url.protocol) || url.hostname === '') {
    throw new OptionError('must be an absolute http:// or https:// URL');
  }
  if (url.username !== '' || url.password !== '') {
    throw new OptionError('must not carry a user or password (use AUDIT_WEBHOOK_AUTH_HEADER)');
  }
  if (raw.length > 2048) throw new OptionError('must be at most 2048 characters');
  return url.href;
}

function absolutePath(raw: string | undefined): string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  if (!isAbsolute(raw)) throw new OptionError(`must be an absolute path (got "${raw}")`);
  if (raw.length > 4096) throw new OptionError('must be at most 4096 characters');
  return raw;
}

/** An HTTP header's value: visible ASCII, spaces and tabs (never a line break, which would end the header). */
function headerValue(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length > 4096) throw new OptionError('must be at most 4096 characters');
  if (!/^[\x20-\x7e\t]+$/.test(raw)) {
    throw new OptionError('must be visible ASCII characters, spaces and tabs (an HTTP header value)');
  }
  return raw;
}

function secret(raw: string | undefined): string | undefined {
  if (raw === undefined || raw === '') return undefined;
  if (raw.length < 16) throw new OptionError('must be at least 16 characters (try: openssl rand -hex 32)');
  if (raw.length > 1024) throw new OptionError('must be at most 1024 characters');
  return raw;
}

/** The audit log's forwarders (platform.md §1.3 and §6), and how often the leader drains the chain to them. */
export const AUDIT_OPTION_SPECS: readonly OptionSpec[] = [
  {
    key: 'auditSyslogHost',
    flag: 'audit-syslog-host',
    env: 'AUDIT_SYSLOG_HOST',
    defaultText: 'none',
    description: 'Forward audit entries to this syslog server (RFC 5424; needs the port and protocol too)',
    parse: syslogHost,
  },
  {
    key: 'auditSyslogPort',
    flag: 'audit-syslog-port',
    env: 'AUDIT_SYSLOG_PORT',
    defaultText: 'none',
    description: 'Port of the syslog server',
    parse: optionalPort,
  },
  {
    key: 'auditSyslogProtocol',
    flag: 'audit-syslog-protocol',
    env: 'AUDIT_SYSLOG_PROTOCOL',
    defaultText: 'none',
    description: 'tcp (octet-counted frames, RFC 6587) or udp (one datagram per entry, RFC 5426); no TLS',
    parse: syslogProtocol,
  },
  {
    key: 'auditWebhookUrl',
    flag: 'audit-webhook-url',
    env: 'AUDIT_WEBHOOK_URL',
    defaultText: 'none',
    description: 'POST each audit entry as JSON to this URL (retried on 408, 429, 5xx and network errors)',
    parse: webhookUrl,
  },
  {
    key: 'auditWebhookAuthHeader',
    flag: 'audit-webhook-auth-header',
    env: 'AUDIT_WEBHOOK_AUTH_HEADER',
    defaultText: 'none (secret)',
    description: 'Sent verbatim as the webhook’s Authorization header',
    parse: headerValue,
  },
  {
    key: 'auditWebhookSecret',
    flag: 'audit-webhook-secret',
    env: 'AUDIT_WEBHOOK_SECRET',
    defaultText: 'none (secret)',
    description:
      'Signs each webhook delivery: X-Telegraf-Controller-Signature: sha256=HMAC-SHA256(secret, "<timestamp>.<body>")',
    parse: secret,
  },
  {
    key: 'auditWebhookTimeoutSeconds',
    env: 'AUDIT_WEBHOOK_TIMEOUT_SECONDS',
    defaultText: '10',
    description: 'Seconds one webhook attempt may take',
    parse: wholeNumber(10, 1, 300),
  },
  {
    key: 'auditWebhookRetryDelayMs',
    env: 'AUDIT_WEBHOOK_RETRY_DELAY_MS',
    defaultText: '1000',
    description: 'Milliseconds before the first of a delivery’s 3 retries (doubling; a Retry-After answer wins)',
    parse: wholeNumber(1_000, 1, 600_000),
  },
  {
    key: 'auditFilePath',
    flag: 'audit-file-path',
    env: 'AUDIT_FILE_PATH',
    defaultText: 'none',
    description: 'Append each audit entry as a JSON line to this file (absolute path; never rotated)',
    parse: absolutePath,
  },
  {
    key: 'auditForwardIntervalMs',
    env: 'AUDIT_FORWARD_INTERVAL_MS',
    defaultText: '1000',
    description: 'Milliseconds between the leader’s looks for audit entries to forward',
    parse: wholeNumber(1_000, 10, 600_000),
  },
  {
    key: 'auditForwardBackoffMaxSeconds',
    env: 'AUDIT_FORWARD_BACKOFF_MAX_SECONDS',
    defaultText: '60',
    description: 'The longest wait before a failing forwarding destination is tried again',
    parse: wholeNumber(60, 1, 3_600),
  },
];

/** The options without the forwarders' own, which `auditForwardingOf` turns into one setting. */
export function withoutAuditForwarding<T extends Pick<OptionValues, AuditForwardingKey>>(
  values: T,
): Omit<T, AuditForwardingKey> {
  const keys = new Set<string>(AUDIT_OPTION_SPECS.map((spec) => spec.key));
  return Object.fromEntries(Object.entries(values).filter(([key]) => !keys.has(key))) as Omit<T, AuditForwardingKey>;
}

/** The forwarders the options describe; a half-described one is refused, naming what it lacks. */
export function auditForwardingOf(values: Pick<OptionValues, AuditForwardingKey>): AuditForwarding {
  const { auditSyslogHost: host, auditSyslogPort: port, auditSyslogProtocol: protocol } = values;
  const syslogGiven = [host, port, protocol].filter((value) => value !== undefined).length;
  if (syslogGiven > 0 && syslogGiven < 3) {
    throw new OptionError(
      'syslog forwarding needs all of AUDIT_SYSLOG_HOST, AUDIT_SYSLOG_PORT and AUDIT_SYSLOG_PROTOCOL',
    );
  }
  if (values.auditWebhookUrl === undefined) {
    for (const [name, value] of [
      ['AUDIT_WEBHOOK_AUTH_HEADER', values.auditWebhookAuthHeader],
      ['AUDIT_WEBHOOK_SECRET', values.auditWebhookSecret],
    ] as const) {
      if (value !== undefined) throw new OptionError(`${name} needs AUDIT_WEBHOOK_URL`);
    }
  }
  return {
    syslog: host !== undefined && port !== undefined && protocol !== undefined ? { host, port, protocol } : undefined,
    webhook:
      values.auditWebhookUrl === undefined
        ? undefined
        : {
            url: values.auditWebhookUrl,
            authorization: values.auditWebhookAuthHeader,
            secret: values.auditWebhookSecret,
            timeoutMs: values.auditWebhookTimeoutSeconds * 1000,
            retryDelayMs: values.auditWebhookRetryDelayMs,
          },
    file: values.auditFilePath === undefined ? undefined : { path: values.auditFilePath },
    intervalMs: values.auditForwardIntervalMs,
    backoffMaxMs: values.auditForwardBackoffMaxSeconds * 1000,
  };
}
