import type { FastifyInstance } from 'fastify';
import type { Config, ConfigCreate, ConfigGroup, ConfigGroupCreate } from '@telegraf-controller/contract/configs';
import type { Role } from '@telegraf-controller/contract/permissions';
import type { TokenCreate, TokenCreated } from '@telegraf-controller/contract/tokens';
import type { DatabaseHandle } from '../src/db/connect.js';
import type { UsersTable } from '../src/db/schema.js';
import { hashPassword } from '../src/lib/passwords.js';
import { addUser, newUserRow } from '../src/modules/users/users.service.js';

export const PASSWORD = 'correct horse battery';
let hashed: Promise<string> | undefined;
let counter = 0;

/** A user straight into the database (hashing once per run keeps factories fast). */
export async function createUser(
  database: DatabaseHandle,
  role: Role,
  overrides: Partial<UsersTable> = {},
): Promise<UsersTable> {
  hashed ??= hashPassword(PASSWORD);
  counter += 1;
  const name = overrides.username ?? `${role}-${counter}`;
  const row = {
    ...newUserRow({ username: name, email: `${name}@example.test`, role, passwordHash: await hashed }),
    ...overrides,
  };
  row.usernameKey = row.username.toLowerCase();
  row.emailKey = row.email.toLowerCase();
  await addUser(database.db, row);
  return row;
}

export interface Caller {
  user: UsersTable;
  /** Headers for a cookie-authenticated request from the UI (cookie + CSRF header). */
  headers: Record<string, string>;
}

export async function signIn(
  app: FastifyInstance,
  username: string,
  password = PASSWORD,
): Promise<Record<string, string>> {
  const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${response.body}`);
  const cookie = String(response.headers['set-cookie']).split(';')[0]!;
  return { cookie, 'x-requested-with': 'XMLHttpRequest' };
}

/** A signed-in user of the role (the owner is created first when the role is not the owner). */
export async function callerWithRole(app: FastifyInstance, database: DatabaseHandle, role: Role): Promise<Caller> {
  const user = await createUser(database, role);
  return { user, headers: await signIn(app, user.username) };
}

/** The owner, an administrator, a manager and a viewer, each signed in. */
export async function team(app: FastifyInstance, database: DatabaseHandle): Promise<Record<Role, Caller>> {
  return {
    owner: await callerWithRole(app, database, 'owner'),
    administrator: await callerWithRole(app, database, 'administrator'),
    manager: await callerWithRole(app, database, 'manager'),
    viewer: await callerWithRole(app, database, 'viewer'),
  };
}

let made = 0;
/** A name no other factory call of this run has used. */
const unique = (prefix: string) => `${prefix}-${(made += 1)}`;

/** A call the factory needs to succeed: its JSON answer, or an error naming the call and the answer. */
async function created<T>(app: FastifyInstance, caller: Caller, url: string, payload: object): Promise<T> {
  const response = await app.inject({ method: 'POST', url, headers: caller.headers, payload });
  if (response.statusCode !== 201) throw new Error(`POST ${url} answered ${response.statusCode}: ${response.body}`);
  return response.json() as T;
}

/** An API token of `caller` (the Telegraf agent preset unless the body names a preset or permissions), with its Bearer header. */
export async function createToken(
  app: FastifyInstance,
  caller: Caller,
  body: Partial<TokenCreate> = {},
): Promise<TokenCreated & { authorization: string }> {
  const token = await created<TokenCreated>(app, caller, '/api/tokens', {
    name: unique('token'),
    ...(body.permissions === undefined ? { preset: 'telegraf-agent' } : {}),
    ...body,
  });
  return { ...token, authorization: `Bearer ${token.token}` };
}

/** A configuration of `caller` (the server's heartbeat template unless `toml` is given). */
export async function createConfig(
  app: FastifyInstance,
  caller: Caller,
  body: Partial<ConfigCreate> = {},
): Promise<Config> {
  return created<Config>(app, caller, '/api/configs', { name: unique('config'), ...body });
}

/** A configuration group of `caller`, of the given members in order. */
export async function createGroup(
  app: FastifyInstance,
  caller: Caller,
  body: Partial<ConfigGroupCreate> = {},
): Promise<ConfigGroup> {
  return created<ConfigGroup>(app, caller, '/api/config-groups', { name: unique('group'), ...body });
}

/** Sends one heartbeat to the heartbeat listener as Telegraf does: JSON, Bearer token, `version` unless given. */
export function sendHeartbeat(
  heartbeat: FastifyInstance,
  authorization: string,
  body: Record<string, unknown> | string,
  headers: Record<string, string> = {},
) {
  return heartbeat.inject({
    method: 'POST',
    url: '/agents/heartbeat',
    headers: { authorization, 'content-type': 'application/json', ...headers },
    payload: typeof body === 'string' ? body : JSON.stringify({ version: 'Telegraf 1.37.0', ...body }),
  });
}
