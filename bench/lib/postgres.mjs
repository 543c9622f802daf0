import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { onBenchExit } from './child.mjs';

/**
 * The PostgreSQL server the PostgreSQL benchmarks create their databases on: a URL to its maintenance database,
 * by a role allowed to create databases. BENCH_POSTGRES_URL replaces the default (the local trust-auth server).
 */
const ADMIN_URL = process.env.BENCH_POSTGRES_URL || 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A new, empty database for one benchmark, named `tc_bench_<random>`. `drop()` removes it (closing any connection
 * left to it); if the bench process ends first, however it ends, `dropdb` removes it on the way out.
 */
export async function createBenchDatabase() {
  const name = `tc_bench_${randomBytes(6).toString('hex')}`;
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  await runAdmin(`create database ${name}`);
  const release = onBenchExit(() => dropOnExit(name));
  return {
    name,
    url: url.toString(),
    async drop() {
      await runAdmin(`drop database if exists ${name} with (force)`);
      release();
    },
  };
}

async function runAdmin(statement) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

// Exit hooks must be synchronous: the client tools can be, the driver cannot.
function dropOnExit(name) {
  const { hostname, port, username, password } = new URL(ADMIN_URL);
  spawnSync(
    'dropdb',
    ['--if-exists', '--force', '-h', hostname, '-p', port || '5432', '-U', decodeURIComponent(username), name],
    { stdio: 'ignore', timeout: 10_000, env: { ...process.env, PGPASSWORD: decodeURIComponent(password) } },
  );
}
