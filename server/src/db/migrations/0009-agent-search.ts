import { sql } from 'kysely';
import type { Migration } from '../migrate.js';

/** What "Search agents…" matches in an agent row: hostname (or id), id and IP, lower-cased. */
const searchText = (row: 'new' | 'old') =>
  sql.raw(`(${row}.name_key || ' ' || lower(${row}.id) || ' ' || coalesce(${row}.ip, ''))`);

export const agentSearch: Migration = {
  name: '0009-agent-search',
  async up(db, { timestamp }) {
    if (timestamp === 'text') {
      // SQLite: an FTS5 trigram index answers LIKE '%…%' for three characters or more, kept by triggers that
      // fire only when the searched text changes (not on every heartbeat).
      await sql`create virtual table agents_search using fts5(text, tokenize = 'trigram')`.execute(db);
      await sql`create trigger agents_search_insert after insert on agents begin
        insert into agents_search (rowid, text) values (new.rowid, ${searchText('new')}); end`.execute(db);
      await sql`create trigger agents_search_delete after delete on agents begin
        delete from agents_search where rowid = old.rowid; end`.execute(db);
      await sql`create trigger agents_search_update after update of name_key, ip on agents
        when old.name_key is not new.name_key or old.ip is not new.ip begin
        update agents_search set text = ${searchText('new')} where rowid = new.rowid; end`.execute(db);
    } else {
      // PostgreSQL: the same text in a side table with a trigram GIN index (pg_trgm ships with PostgreSQL and is a
      // trusted extension), kept by a trigger that writes only when the text changes: heartbeats rewrite the agent
      // row all the time, and a GIN index on it would be rewritten with it. Where pg_trgm cannot be created, search
      // still works, by scanning the side table.
      await sql`create table agents_search (
        agent_id text primary key references agents (id) on delete cascade,
        text text not null)`.execute(db);
      await sql`create function agents_search_sync() returns trigger language plpgsql as $$
        begin
          insert into agents_search (agent_id, text) values (new.id, ${searchText('new')})
          on conflict (agent_id) do update set text = excluded.text;
          return null;
        end $$`.execute(db);
      await sql`create trigger agents_search_insert after insert on agents
        for each row execute function agents_search_sync()`.execute(db);
      await sql`create trigger agents_search_update after update of name_key, ip on agents
        for each row when (old.name_key is distinct from new.name_key or old.ip is distinct from new.ip)
        execute function agents_search_sync()`.execute(db);
      await sql`savepoint agent_search`.execute(db);
      try {
        await sql`create extension if not exists pg_trgm`.execute(db);
        await sql`create index agents_search_text on agents_search using gin (text gin_trgm_ops)`.execute(db);
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
