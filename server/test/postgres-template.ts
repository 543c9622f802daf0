import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { adminUrl, databaseUrl } from './postgres-urls.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgTemplate: string;
  }
}

/**
 * Once per run: a migrated template database. Each test then gets `CREATE DATABASE … TEMPLATE` (fast, isolated).
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const template = `tc_template_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  try {
    await admin.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL is not reachable at ${adminUrl()} (set TEST_DATABASE_URL): ${(error as Error).message}`,
    );
  }
  await admin.query(`create database ${template}`);
  const handle = await openPostgres(databaseUrl(template), { caCert: undefined, noVerify: false });
  await migrateToLatest(handle.db, 'postgres');
  await handle.close();
  project.provide('pgTemplate', template);
  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1 or datname = $2`,
      [`${template}_t%`, template],
    );
    for (const { datname } of leftovers.rows) await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.end();
  };
}
