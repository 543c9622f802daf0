import { existsSync, statSync } from 'node:fs';
import SQLite from 'better-sqlite3';
import type { DatabaseTarget, MaintenanceKind } from '../options.js';
import { OptionError } from '../option-parsers.js';
import { MIGRATION_TABLE } from './migrate.js';

/**
 * `telegraf-controller backup FILE`: on SQLite, an online backup of the live database into a new file (the
 * controller may keep running); on PostgreSQL, the `pg_dump` command to run, since a dump belongs to PostgreSQL's own
 * tools. `restore FILE`: a backup into an empty database (a SQLite file that does not exist yet or holds no table),
 * or the `pg_restore` command. Returns what to print; refusals throw `OptionError` with one line.
 */
export async function runMaintenance(kind: MaintenanceKind, file: string, database: DatabaseTarget): Promise<string> {
  if (database.engine === 'postgres') return postgresCommand(kind, file, database.url);
  return kind === 'backup' ? backupSqlite(database.file, file) : restoreSqlite(file, database.file);
}

async function backupSqlite(source: string, target: string): Promise<string> {
  if (!existsSync(source)) throw new OptionError(`backup: there is no database at ${source} (see --database)`);
  if (existsSync(target)) throw new OptionError(`backup: ${target} exists; a backup never overwrites a file`);
  const live = new SQLite(source, { readonly: true, fileMustExist: true });
  try {
    await live.backup(target);
  } finally {
    live.close();
  }
  return `backed up ${source} to ${target} (${statSync(target).size} bytes); restore it with: telegraf-controller restore ${target} --database <new file>`;
}

async function restoreSqlite(source: string, target: string): Promise<string> {
  if (!existsSync(source)) throw new OptionError(`restore: there is no file at ${source}`);
  let backup;
  try {
    backup = new SQLite(source, { readonly: true, fileMustExist: true });
    const ours = backup
      .prepare(`select count(*) as found from sqlite_master where type = 'table' and name = ?`)
      .get(MIGRATION_TABLE) as { found: number };
    if (ours.found === 0) throw new OptionError(`restore: ${source} is not a telegraf-controller database`);
    const check = backup.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new OptionError(`restore: ${source} is damaged (${String(check).slice(0, 200)})`);
  } catch (error) {
    backup?.close();
    if (error instanceof OptionError) throw error;
    throw new OptionError(`restore: ${source} is not a SQLite database (${(error as Error).message})`);
  }
  try {
    if (existsSync(target)) {
      const existing = new SQLite(target, { readonly: true, fileMustExist: true });
      const { tables } = existing
        .prepare(`select count(*) as tables from sqlite_master where type = 'table'`)
        .get() as {
        tables: number;
      };
      existing.close();
      if (tables > 0) {
        throw new OptionError(`restore: ${target} already holds a database; restore into a new file or an empty one`);
      }
    }
    await backup.backup(target);
  } finally {
    backup.close();
  }
  return `restored ${source} into ${target}; start the controller with --database ${target}`;
}

/** The command for PostgreSQL's own tools, with the password left out of the URL (pass it as PGPASSWORD). */
function postgresCommand(kind: MaintenanceKind, file: string, url: string): string {
  const shown = new URL(url);
  const hadPassword = shown.password !== '';
  shown.password = '';
  const quoted = (text: string) => `'${text.replaceAll("'", `'\\''`)}'`;
  const command =
    kind === 'backup'
      ? `pg_dump --format=custom --file=${quoted(file)} ${quoted(shown.toString())}`
      : `pg_restore --no-owner --exit-on-error --dbname=${quoted(shown.toString())} ${quoted(file)}`;
  const into = kind === 'restore' ? ' into an empty database, with the controllers stopped' : '';
  return [
    `PostgreSQL ${kind}s are made by PostgreSQL's own tools; run${into}:`,
    `  ${command}`,
    ...(hadPassword ? ['(the password is left out of the URL: set PGPASSWORD)'] : []),
  ].join('\n');
}
