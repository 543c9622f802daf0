import { sql } from 'kysely';
import { GENESIS } from '../../modules/audit/audit-chain.js';
import type { Migration } from '../migrate.js';

/**
 * The audit log (ADR 25): one hash chain per deployment. `seq` is contiguous: a writer takes the next one from the
 * single `audit_chain` row, under that row's lock, inside the transaction of the change it records (a rollback
 * gives it back). The database refuses to change or delete an entry, except the retention job's deletion of the
 * oldest ones, which it announces in `audit_chain.pruning` inside its own transaction. Times are ISO text on both
 * engines: they are hashed as stored.
 */
export const auditLog: Migration = {
  name: '0016-audit-log',
  async up(db, { timestamp }) {
    await db.schema
      .createTable('audit_log')
      .addColumn('seq', 'bigint', (col) => col.primaryKey())
      .addColumn('at', 'text', (col) => col.notNull())
      .addColumn('action', 'text', (col) => col.notNull())
      .addColumn('outcome', 'text', (col) => col.notNull())
      .addColumn('actor_type', 'text', (col) => col.notNull())
      .addColumn('actor_id', 'text')
      .addColumn('actor_name', 'text')
      .addColumn('token_owner_id', 'text')
      .addColumn('ip', 'text')
      .addColumn('user_agent', 'text')
      .addColumn('target_type', 'text')
      .addColumn('target_id', 'text')
      .addColumn('target_name', 'text')
      // Canonical JSON (sorted keys): hashed as stored.
      .addColumn('details', 'text', (col) => col.notNull())
      .addColumn('prev_hash', 'text', (col) => col.notNull())
      .addColumn('hash', 'text', (col) => col.notNull())
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').columns(['at', 'seq']).execute();
    await db.schema.createIndex('audit_log_action').on('audit_log').columns(['action', 'seq']).execute();
    await db.schema.createIndex('audit_log_actor').on('audit_log').columns(['actor_id', 'seq']).execute();
    await db.schema.createIndex('audit_log_target').on('audit_log').columns(['target_id', 'seq']).execute();
    await db.schema
      .createTable('audit_chain')
      .addColumn('id', 'integer', (col) => col.primaryKey())
      .addColumn('seq', 'bigint', (col) => col.notNull())
      .addColumn('hash', 'text', (col) => col.notNull())
      .addColumn('pruning', 'integer', (col) => col.notNull())
      .execute();
    await sql`insert into audit_chain (id, seq, hash, pruning) values (1, 0, ${GENESIS}, 0)`.execute(db);
    if (timestamp === 'timestamptz') {
      await sql`create function tc_audit_append_only() returns trigger language plpgsql as $$
        begin
          if TG_OP = 'DELETE' and (select pruning from audit_chain where id = 1) = 1 then
            return old;
          end if;
          raise exception 'the audit log is append-only: % refused', TG_OP;
        end
      $$`.execute(db);
      await sql`create trigger audit_log_append_only before update or delete on audit_log
        for each row execute function tc_audit_append_only()`.execute(db);
      await sql`create trigger audit_log_no_truncate before truncate on audit_log
        for each statement execute function tc_audit_append_only()`.execute(db);
    } else {
      await sql`create trigger audit_log_no_update before update on audit_log
        begin select raise(abort, 'the audit log is append-only: UPDATE refused'); end`.execute(db);
      await sql`create trigger audit_log_no_delete before delete on audit_log
        when (select pruning from audit_chain where id = 1) <> 1
        begin select raise(abort, 'the audit log is append-only: DELETE refused'); end`.execute(db);
    }
  },
};
