import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import pg from 'pg';
import { pino, type Logger } from 'pino';
import { afterEach, inject } from 'vitest';
import { buildApp } from '../src/app.js';
import { buildHeartbeatApp } from '../src/heartbeat-app.js';
import { createServices, type Services } from '../src/services.js';
import { openPostgres, openSqlite, type DatabaseHandle, type Engine } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { Database } from '../src/db/schema.js';
import type { Leadership } from '../src/modules/leadership/leadership.js';
import { ensureDefaultRule } from '../src/modules/reporting-rules/reporting-rules.service.js';
import { seedSettings } from '../src/modules/settings/settings.service.js';
import { randomToken } from '../src/lib/crypto.js';
import type { DatabaseTarget, Options } from '../src/options.js';
import type { WebAsset } from '../src/modules/web/web.assets.js';
import { adminUrl, databaseUrl } from './postgres-urls.js';

export const engine: Engine = process.env.TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';

export const silentLogger = pino({ level: 'silent' });

let sqliteTemplate: Buffer | undefined;

/** Migrated once per worker, then copied for every test with serialize/deserialize. */
async function sqliteImage(): Promise<Buffer> {
  if (sqliteTemplate === undefined) {
    const raw = new SQLite(':memory:');
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: raw }) });
    await migrateToLatest(db, 'sqlite');
    sqliteTemplate = raw.serialize();
    await db.destroy();
  }
  return sqliteTemplate;
}

/** A private, migrated, empty database for one test: a copy of the template on either engine. */
export async function freshDatabase(): Promise<DatabaseHandle> {
  if (engine === 'sqlite') return openSqlite(await sqliteImage());
  const name = await createPostgresDatabase(inject('pgTemplate'));
  const handle = await openPostgres(databaseUrl(name), { caCert: undefined, noVerify: false });
  return {
    ...handle,
    async close() {
      await handle.close();
      await dropPostgresDatabase(name);
    },
  };
}

/** A database the controller itself connects to (as `--database` would name it), dropped after the test. */
export async function freshDatabaseTarget(): Promise<DatabaseTarget> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'tc-db-'));
    releaseAfterTest(async () => rmSync(dir, { recursive: true, force: true }));
    return { engine: 'sqlite', file: join(dir, 'sqlite.db') };
  }
  const name = await createPostgresDatabase(`template0`);
  releaseAfterTest(() => dropPostgresDatabase(name));
  return { engine: 'postgres', url: databaseUrl(name) };
}

async function createPostgresDatabase(template: string): Promise<string> {
  const name = `${inject('pgTemplate')}_t${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  return name;
}

async function dropPostgresDatabase(name: string): Promise<void> {
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    await admin.query(`drop database if exists ${name} with (force)`);
  } finally {
    await admin.end();
  }
}

export function testOptions(overrides: Partial<Options> = {}): Options {
  return {
    port: 0,
    heartbeatPort: 0,
    uiPort: undefined,
    host: '127.0.0.1',
    database: { engine: 'sqlite', file: ':memory:' },
    databaseCaCert: undefined,
    databaseSslNoVerify: false,
    tls: undefined,
    sessionSecret: undefined,
    sessionSecretPrevious: undefined,
    disableAuthEndpoints: [],
    logLevel: 'silent',
    noInteractive: true,
    ownerUsername: undefined,
    ownerEmail: undefined,
    ownerPassword: undefined,
    resetOwnerPassword: false,
    ownerToken: undefined,
    disablePresharedTokens: false,
    ownerAuthProvider: 'local',
    ownerExternalId: undefined,
    authLocalEnabled: true,
    ldap: undefined,
    oidc: undefined,
    loginLockoutAttempts: 5,
    loginLockoutMinutes: 15,
    passwordComplexity: 'low',
    auditLogRetention: 2160,
    auditEnabled: true,
    auditCheckIntervalSeconds: 3600,
    auditForwarding: {
      syslog: undefined,
      webhook: undefined,
      file: undefined,
      intervalMs: 50,
      backoffMaxMs: 500,
    },
    statusCheckIntervalSeconds: 60,
    databaseTimeoutSeconds: 60,
    publicApiUrl: undefined,
    publicApiPort: undefined,
    publicUiUrl: undefined,
    publicUiPort: undefined,
    trustProxy: undefined,
    allowedHosts: undefined,
    renderCacheMegabytes: 128,
    maxAgents: undefined,
    maxNewAgentsPerMinute: undefined,
    heartbeatBufferAgents: 200_000,
    haEnabled: false,
    haPollIntervalMs: 5000,
    fetchRecordIntervalMs: 2000,
    fleetCountsMaxAgeMs: 5000,
    rolloutIntervalMs: 10_000,
    webhookIntervalMs: 5000,
    webhookRetryDelayMs: 30_000,
    webhookAllowPrivate: false,
    tokenExpiryNoticeDays: 7,
    errorPatternRetentionDays: 7,
    haLeaderRetryMs: 100,
    logsDir: undefined,
    notYetSupported: [],
    ...overrides,
  };
}

export const soleLeader: Leadership = {
  node: 'test-node',
  isLeader: () => true,
  leader: async () => 'test-node',
  stop: async () => undefined,
};

export interface TestApp {
  app: FastifyInstance;
  /** The heartbeat listener of the same process (same services, same token cache). */
  heartbeat: FastifyInstance;
  database: DatabaseHandle;
  services: Services;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

export interface TestAppSettings {
  options?: Partial<Options>;
  webAssets?: Map<string, WebAsset>;
  /** Extra routes a cross-cutting test needs (added before the app is ready, so they pass the same checks). */
  routes?: (app: FastifyInstance) => void;
  heartbeatRoutes?: (app: FastifyInstance) => void;
  /** Where the controller logs (silent unless a test reads its logs). */
  logger?: Logger;
  /** Random unless a test needs to know it (what it seals). */
  sessionSecret?: string;
}

/** Both listeners over a fresh database, seeded as on first start; torn down after the test. */
export async function createTestApp(settings: TestAppSettings = {}): Promise<TestApp> {
  const database = await freshDatabase();
  await ensureDefaultRule(database.db);
  const options = testOptions(settings.options);
  await seedSettings(database.db, options);
  const logger = settings.logger ?? silentLogger;
  const services = createServices({
    database,
    options,
    logger,
    leadership: soleLeader,
    sessionSecret: settings.sessionSecret ?? randomToken(32),
  });
  const app = await buildApp({ services, options, logger, webAssets: settings.webAssets });
  const heartbeat = await buildHeartbeatApp({ services, options, logger });
  settings.routes?.(app);
  settings.heartbeatRoutes?.(heartbeat);
  cleanups.push(async () => {
    await app.close();
    await heartbeat.close();
    await services.heartbeats.stop();
    await database.close();
  });
  await app.ready();
  await heartbeat.ready();
  return { app, heartbeat, database, services };
}

/** Registers a resource to release after the current test. */
export function releaseAfterTest(cleanup: () => Promise<void>): void {
  cleanups.push(cleanup);
}
