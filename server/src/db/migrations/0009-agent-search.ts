import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/** What "Search agents…" matches: hostname (or id), id and IP, lower-cased. Keep in step with agents.repo.ts. */
export const AGENT_SEARCH_TEXT = sql.raw(`(name_key || ' ' || lower(id) || ' ' || coalesce(ip, ''))`);

export const agentSearch: Migration = {
  name: '0009-agent-search',
  async up(db, { timestamp }) {
    if (timestamp === 'text') {
      // SQLite: an FTS5 trigram index answers LIKE '%…%' for three characters or more, kept by triggers that
      // fire only when the searched text changes (not on every heartbeat).
      await sql`create virtual table agents_search using fts5(text, tokenize = 'trigram')`.execute(db);
      const text = (row: 'new' | 'old') =>
        sql.raw(`(${row}.name_key || ' ' || lower(${row}.id) || ' ' || coalesce(${row}.ip, ''))`);
      await sql`create trigger agents_search_insert after insert on agents begin
        insert into agents_search (rowid, text) values (new.rowid, ${text('new')}); end`.execute(db);
      await sql`create trigger agents_search_delete after delete on agents begin
        delete from agents_search where rowid = old.rowid; end`.execute(db);
      await sql`create trigger agents_search_update after update of name_key, ip on agents
        when old.name_key is not new.name_key or old.ip is not new.ip begin
        update agents_search set text = ${text('new')} where rowid = new.rowid; end`.execute(db);
    } else {
      // PostgreSQL: a trigram GIN index on the same text. pg_trgm ships with PostgreSQL and is a trusted extension;
      // where it cannot be created, search still works, by scanning.
      await sql`savepoint agent_search`.execute(db);
      try {
        await sql`create extension if not exists pg_trgm`.execute(db);
        await sql`create index agents_search on agents using gin (${AGENT_SEARCH_TEXT} gin_trgm_ops)`.execute(db);
        await sql`release savepoint agent_search`.execute(db);
      } catch {
        await sql`rollback to savepoint agent_search`.execute(db);
      }
    }
    // Status passes look only at agents still reporting.
    await sql`create index agents_reporting on agents (reporting_rule_id, last_seen_at)
      where status <> 'not_reporting'`.execute(db);
  },
};
