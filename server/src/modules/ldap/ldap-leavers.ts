import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../../db/schema.js';
import type { Leadership } from '../leadership/leadership.js';
import { lookUpActiveExternal } from '../users/users.directory.js';
import { disableGoneUser } from '../users/users.service.js';
import { DirectoryUnavailableError, type LdapDirectory } from './ldap-directory.js';
import type { AuditLog } from '../audit/audit.service.js';

const PAGE = 200;

/**
 * One check of every LDAP user who is not disabled here: an entry the directory no longer has, or marks disabled,
 * disables the user (sessions end; their tokens stop working, decision 16). The owner is never disabled. A
 * directory that cannot be asked ends the pass before anyone is disabled, and so does a pass that finds every one of
 * several users gone (a service account that lost its right to read them, not a mass departure): it is logged.
 */
export async function runLeaverPass(
  db: Kysely<Database>,
  directory: LdapDirectory,
  { onUserChanged, audit }: { onUserChanged: () => void; audit?: AuditLog },
): Promise<{ checked: number; disabled: string[] }> {
  const gone: Array<{ id: string; username: string }> = [];
  let checked = 0;
  let missing = 0;
  let after = '';
  for (;;) {
    const users = await lookUpActiveExternal(db, 'ldap', after, PAGE);
    for (const user of users) {
      checked += 1;
      const person = await directory.lookup(user.externalId!);
      if (person !== undefined && !person.disabled) continue;
      missing += 1;
      if (user.role !== 'owner') gone.push(user);
    }
    if (users.length < PAGE) break;
    after = users.at(-1)!.id;
  }
  if (checked > 1 && missing === checked) {
    throw new Error(
      `the directory has none of the ${checked} LDAP users: check that the service account may read them`,
    );
  }
  for (const user of gone) await disableGoneUser(db, user, audit);
  if (gone.length > 0) onUserChanged();
  return { checked, disabled: gone.map((user) => user.username) };
}

/** Runs the pass on the leader every `intervalSeconds`; stopped with the controller. */
export function startLeaverJob(
  db: Kysely<Database>,
  directory: LdapDirectory,
  {
    leadership,
    intervalSeconds,
    logger,
    onUserChanged,
    audit,
  }: {
    leadership: Leadership;
    intervalSeconds: number;
    logger: Logger;
    onUserChanged: () => void;
    audit: AuditLog;
  },
): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running !== undefined || !leadership.isLeader()) return;
    running = runLeaverPass(db, directory, { onUserChanged, audit })
      .then(({ checked, disabled }) => {
        if (disabled.length > 0) logger.info({ checked, disabled }, 'disabled users the directory no longer has');
      })
      .catch((error: unknown) => {
        const message = error instanceof DirectoryUnavailableError ? 'the directory could not be asked' : 'failed';
        logger.warn({ err: error }, `the LDAP leaver check ${message}; nobody was disabled by it`);
      })
      .finally(() => (running = undefined));
  }, intervalSeconds * 1000);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
