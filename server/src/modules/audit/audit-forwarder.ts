import type { ForwardedAuditEntry } from '@telegraf-controller/contract/audit';
import type { AuditForwarding } from '../../option-table-audit.js';
import { createFileForwarder } from './file-forwarder.js';
import { createSyslogForwarder } from './syslog-forwarder.js';
import { createWebhookForwarder } from './webhook-forwarder.js';

/** How far one `send` got: the first `sent` entries are done with; `error` says why the rest were not. */
export interface ForwardResult {
  sent: number;
  error?: string;
  /** Entries the destination refused for good (counted in `sent`: sending them again would not help). */
  refused?: Array<{ seq: number; reason: string }>;
}

/** One destination of the audit log. */
export interface AuditForwarder {
  readonly kind: 'syslog' | 'webhook' | 'file';
  /** The kind and destination, never a secret: the key of its place in the chain. */
  readonly name: string;
  /** Sends the entries in order, stopping at the first one the destination did not take. */
  send(entries: readonly ForwardedAuditEntry[], signal: AbortSignal): Promise<ForwardResult>;
  close(): Promise<void>;
}

/** The forwarders the options configure, in a fixed order. */
export function createForwarders(settings: AuditForwarding): AuditForwarder[] {
  return [
    ...(settings.syslog ? [createSyslogForwarder(settings.syslog)] : []),
    ...(settings.webhook ? [createWebhookForwarder(settings.webhook)] : []),
    ...(settings.file ? [createFileForwarder(settings.file.path)] : []),
  ];
}

/** The text of a message: a forwarded entry as one line of JSON. */
export const entryJson = (entry: ForwardedAuditEntry) => JSON.stringify(entry);
