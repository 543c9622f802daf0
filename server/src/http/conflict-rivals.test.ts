import type { FastifyInstance } from 'fastify';
import type { KyselyPlugin, OperationNode, QueryId } from 'kysely';
import { describe, expect, it } from 'vitest';
import { connectDatabase, type DatabaseHandle } from '../db/connect.js';
import { migrateToLatest } from '../db/migrate.js';
import type { Database } from '../db/schema.js';
import { buildApp } from '../app.js';
import { newId } from '../lib/ids.js';
import { randomToken } from '../lib/crypto.js';
import { ensureDefaultRule } from '../modules/reporting-rules/reporting-rules.service.js';
import { seedSettings } from '../modules/settings/settings.service.js';
import { newUserRow } from '../modules/users/users.service.js';
import { createServices } from '../services.js';
import { callerWithRole } from '../../test/factories.js';
import {
  engine,
  freshDatabaseTarget,
  releaseAfterTest,
  silentLogger,
  soleLeader,
  testOptions,
} from '../../test/harness.js';

/** The write of the request that won, made through a connection of its own; `ownerId` is the signed-in owner. */
type Rival = (db: DatabaseHandle['db'], ownerId: string) => Promise<unknown>;

/** The table a SELECT reads first, under an alias or not. */
function firstTableOf(node: OperationNode): string | undefined {
  const from = (node as { kind: string; from?: { froms: readonly OperationNode[] } }).from?.froms[0];
  const table = from?.kind === 'AliasNode' ? (from as unknown as { node: OperationNode }).node : from;
  return (table as { table?: { identifier: { name: string } } } | undefined)?.table?.identifier.name;
}

/**
 * Once armed, runs `rival` right after the `nth` SELECT that reads `table` (the service's "exists already" check):
 * the check has said the name is free, and the service's write then finds it taken. This is the race two requests
 * can run into, made to happen every time.
 */
function rivalAfterCheck(table: string, nth: number, rival: () => Promise<unknown>): KyselyPlugin & { arm(): void } {
  // The plugin runs after CamelCasePlugin: it sees the tables' SQL names.
  const sqlName = table.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  const checks = new Map<QueryId, number>();
  let seen = -1;
  return {
    arm: () => void (seen = 0),
    transformQuery({ node, queryId }) {
      if (seen >= 0 && node.kind === 'SelectQueryNode' && firstTableOf(node) === sqlName) checks.set(queryId, ++seen);
      return node;
    },
    async transformResult({ result, queryId }) {
      if (checks.get(queryId) === nth) {
        seen = -1;
        await rival();
      }
      return result;
    },
  };
}

/** The controller over one database, and a second connection to it for the rival write. */
async function appWithRival({ table, nth = 1, rival }: Pick<Case, 'table' | 'nth' | 'rival'>) {
  const target = await freshDatabaseTarget();
  const tls = { caCert: undefined, noVerify: false };
  const database = await connectDatabase(target, tls);
  const other = await connectDatabase(target, tls);
  releaseAfterTest(() => other.close());
  releaseAfterTest(() => database.close());
  await migrateToLatest(database.db, engine);
  await ensureDefaultRule(database.db);
  const options = testOptions();
  await seedSettings(database.db, options);
  let ownerId = '';
  const gate = rivalAfterCheck(table, nth, () => rival(other.db, ownerId));
  const gated: DatabaseHandle = { ...database, db: database.db.withPlugin(gate) };
  const services = createServices({
    database: gated,
    options,
    logger: silentLogger,
    leadership: soleLeader,
    sessionSecret: randomToken(32),
  });
  const app = await buildApp({ services, options, logger: silentLogger, webAssets: undefined });
  releaseAfterTest(async () => {
    await app.close();
    await services.heartbeats.stop();
  });
  await app.ready();
  const owner = await callerWithRole(app, gated, 'owner');
  ownerId = owner.user.id;
  return { app, owner, arm: gate.arm };
}

const now = () => new Date().toISOString();
const named = (name: string) => ({
  id: newId(),
  name,
  nameKey: name.toLowerCase(),
  createdAt: now(),
  updatedAt: now(),
});

interface Case {
  what: string;
  table: keyof Database & string;
  /** Which SELECT of the table during the request is the check (1: the first). */
  nth?: number;
  rival: Rival;
  method?: 'POST' | 'PATCH';
  /** Where to send the request, after making what it needs. */
  url: string | ((app: FastifyInstance, headers: Record<string, string>) => Promise<string>);
  body: object;
  code: string;
  pointer: string;
}

const CASES: Case[] = [
  {
    what: 'a label',
    table: 'labels',
    rival: (db) =>
      db
        .insertInto('labels')
        .values({ ...named('edge'), color: null, description: null })
        .execute(),
    url: '/api/labels',
    body: { name: 'Edge' },
    code: 'conflict',
    pointer: '/name',
  },
  {
    what: 'a configuration (written in a transaction)',
    table: 'configs',
    rival: (db) =>
      db
        .insertInto('configs')
        .values({ ...named('web'), description: null, toml: '', version: 1, updatedBy: null, publishMode: 'live' })
        .execute(),
    url: '/api/configs',
    body: { name: 'web' },
    code: 'conflict',
    pointer: '/name',
  },
  {
    what: 'a constant',
    table: 'constants',
    rival: (db) =>
      db
        .insertInto('constants')
        .values({ name: 'REGION', value: 'us', description: null, createdAt: now(), updatedAt: now() })
        .execute(),
    url: '/api/constants',
    body: { name: 'REGION', value: 'eu' },
    code: 'conflict',
    pointer: '/name',
  },
  {
    what: 'a configuration group (written in a transaction)',
    table: 'configGroups',
    rival: (db) =>
      db
        .insertInto('configGroups')
        .values({ ...named('edge'), description: null, updatedBy: null })
        .execute(),
    url: '/api/config-groups',
    body: { name: 'edge' },
    code: 'conflict',
    pointer: '/name',
  },
  {
    what: 'a token',
    table: 'apiTokens',
    rival: (db, ownerId) =>
      db
        .insertInto('apiTokens')
        .values({
          id: newId(),
          name: 'ci',
          nameKey: 'ci',
          createdAt: now(),
          tokenHash: randomToken(32),
          last4: 'abcd',
          userId: ownerId,
          permissions: '[]',
          source: 'user',
          createdBy: ownerId,
          expiresAt: null,
          revokedAt: null,
          revokedBy: null,
          lastUsedAt: null,
          lastUsedFrom: null,
          parentTokenId: null,
        })
        .execute(),
    url: '/api/tokens',
    body: { name: 'ci' },
    code: 'token_name_conflict',
    pointer: '/name',
  },
  {
    what: 'a username on the account page (users, through the users service)',
    table: 'users',
    // The first read of users loads the account; the second is the check.
    nth: 2,
    rival: (db) =>
      db
        .insertInto('users')
        .values(newUserRow({ username: 'wanted', email: 'wanted@example.test', role: 'viewer', passwordHash: 'x' }))
        .execute(),
    method: 'PATCH',
    url: '/api/account',
    body: { username: 'Wanted' },
    code: 'conflict',
    pointer: '/username',
  },
  {
    what: 'a new version of a configuration (another save took its number)',
    table: 'configs',
    rival: async (db) => {
      const { id } = await db
        .selectFrom('configs')
        .select('id')
        .where('nameKey', '=', 'saved')
        .executeTakeFirstOrThrow();
      const version = { configId: id, version: 2, toml: '', note: null, authorId: null, createdAt: now() };
      await db.insertInto('configVersions').values(version).execute();
    },
    method: 'PATCH',
    url: async (app, headers) => {
      const created = await app.inject({ method: 'POST', url: '/api/configs', headers, payload: { name: 'saved' } });
      return `/api/configs/${created.json().id}`;
    },
    body: { toml: '[agent]\n  interval = "20s"\n' },
    code: 'conflict',
    pointer: '/toml',
  },
];

describe(`a write that loses the race after its check passed answers the check's 409 on ${engine}`, () => {
  for (const { what, method = 'POST', url, body, code, pointer, ...race } of CASES) {
    it(`${what}: the name taken between the check and the write is a ${code} on ${pointer}, not a 500`, async () => {
      const { app, owner, arm } = await appWithRival(race);
      const path = typeof url === 'string' ? url : await url(app, owner.headers);
      arm();
      const answer = await app.inject({ method, url: path, headers: owner.headers, payload: body });
      expect(answer.statusCode).toBe(409);
      expect(answer.headers['content-type']).toContain('application/problem+json');
      expect(answer.json()).toMatchObject({ status: 409, code, errors: [{ pointer }] });
    });
  }
});
