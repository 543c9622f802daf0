import type { FastifyInstance } from 'fastify';
import type { Role } from '@telegraf-controller/contract/permissions';
import type { DatabaseHandle } from '../src/db/connect.js';
import type { UsersTable } from '../src/db/schema.js';
import { hashPassword } from '../src/lib/passwords.js';
import { insertUser } from '../src/modules/users/users.repo.js';
import { newUserRow } from '../src/modules/users/users.service.js';

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
  await insertUser(database.db, row);
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
