import type { Migration } from '../migrate.js';

/**
 * Where each audit forwarder has got to (ADR 25): the audit log itself is the outbox, and a forwarder's row holds
 * the last `seq` its destination took. The leader sends what follows, in `seq` order, and moves the row on only
 * after the destination took it; retention keeps every entry a configured forwarder has not sent yet.
 */
export const auditForwarding: Migration = {
  name: '0017-audit-forwarding',
  async up(db) {
    await db.schema
      .createTable('audit_forwarding')
      // The kind: syslog, webhook or file (one destination each).
      .addColumn('name', 'text', (col) => col.primaryKey())
      .addColumn('sent_seq', 'bigint', (col) => col.notNull())
      .addColumn('sent_at', 'text')
      .addColumn('failing_since', 'text')
      .addColumn('last_error', 'text')
      .execute();
  },
};
