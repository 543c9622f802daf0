import type { AuditForwarderKind, ForwardedAuditEntry } from '@telegraf-controller/contract/audit';
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

/** How a `send` is told to stop early: the controller stops (`signal`), or this node is no longer the leader. */
export interface SendControl {
  signal: AbortSignal;
  /** False once sending should stop after the entry in hand. */
  proceed(): boolean;
}

/** One destination of the audit log; one per kind, and the kind is the key of its place in the chain. */
export interface AuditForwarder {
  readonly kind: AuditForwarderKind;
  /** Where it sends, never a secret. */
  readonly destination: string;
  /** Sends the entries in order, stopping at the first one the destination did not take. */
  send(entries: readonly ForwardedAuditEntry[], control: SendControl): Promise<ForwardResult>;
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
