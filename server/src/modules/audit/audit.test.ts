import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { callerWithRole } from '../../../test/factories.js';
import { createTestApp, engine, silentLogger } from '../../../test/harness.js';
import type { DatabaseHandle } from '../../db/connect.js';
import { createAuditLog, SYSTEM_ACTOR, type AuditLog } from './audit.service.js';

const event = (n: number) => ({
  action: 'config.update',
  actor: { type: 'user' as const, id: `user-${n % 3}`, name: `user ${n % 3}` },
  target: { type: 'config', id: `config-${n % 2}`, name: `config ${n % 2}` },
  details: { n, diff: `-a = ${n}\n+a = ${n + 1}` },
  ip: '203.0.113.7',
});

async function write(database: DatabaseHandle, audit: AuditLog, count: number, from = 0) {
  for (let n = from; n < from + count; n++)
    await database.db.transaction().execute((trx) => audit.record(trx, event(n)));
}

/** Changes the log behind the controller's back, as someone with the database's password could. */
async function tamper(database: DatabaseHandle, statement: ReturnType<typeof sql>) {
  if (engine === 'postgres') {
    await sql`alter table audit_log disable trigger audit_log_append_only`.execute(database.db);
    await statement.execute(database.db);
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(database.db);
  } else {
    await sql`drop trigger audit_log_no_update`.execute(database.db);
    await sql`drop trigger audit_log_no_delete`.execute(database.db);
    await statement.execute(database.db);
  }
}

describe(`the audit log on ${engine}`, () => {
  it('appends in the writing transaction: a rollback leaves no entry and no gap', async () => {
    const { database, services } = await createTestApp();
    await write(database, services.audit, 2);
    await expect(
      database.db.transaction().execute(async (trx) => {
        await services.audit.record(trx, event(99));
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    await write(database, services.audit, 1, 2);
    const rows = await database.db.selectFrom('auditLog').select(['seq', 'action']).orderBy('seq').execute();
    expect(rows.map((row) => Number(row.seq))).toEqual([1, 2, 3]);
    expect(await services.audit.verify([])).toMatchObject({ ok: true, checked: 3, firstSeq: 1, broken: null });
  });

  it('the database refuses to change or delete an entry', async () => {
    const { database, services } = await createTestApp();
    await write(database, services.audit, 2);
    await expect(sql`update audit_log set action = 'x'`.execute(database.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log where seq = 1`.execute(database.db)).rejects.toThrow(/append-only/);
    if (engine === 'postgres') {
      await expect(sql`truncate audit_log`.execute(database.db)).rejects.toThrow(/append-only/);
    }
    expect(await services.audit.verify([])).toMatchObject({ ok: true, checked: 2 });
  });

  it('verify finds an edited entry, a deleted one, and entries cut from the end', async () => {
    const edited = await createTestApp();
    await write(edited.database, edited.services.audit, 5);
    await tamper(edited.database, sql`update audit_log set actor_name = 'someone else' where seq = 3`);
    expect((await edited.services.audit.verify([])).broken).toEqual({
      seq: 3,
      reason: 'its content does not give its hash: it was changed after it was written',
    });

    const deleted = await createTestApp();
    await write(deleted.database, deleted.services.audit, 5);
    await tamper(deleted.database, sql`delete from audit_log where seq = 2`);
    expect((await deleted.services.audit.verify([])).broken).toEqual({ seq: 2, reason: 'entries 2 to 2 are missing' });

    const cut = await createTestApp();
    await write(cut.database, cut.services.audit, 5);
    await tamper(cut.database, sql`delete from audit_log where seq >= 4`);
    expect((await cut.services.audit.verify([])).broken).toMatchObject({ seq: 4 });
  });

  it('retention deletes the oldest entries after a checkpoint, and the rest still verifies; a cut without one does not', async () => {
    const { database, services } = await createTestApp();
    await write(database, services.audit, 4);
    await tamper(database, sql`delete from audit_log where seq <= 2`);
    expect((await services.audit.verify([])).broken).toEqual({
      seq: 1,
      reason: 'entries before 3 are gone and no retention checkpoint says why',
    });

    const fresh = await createTestApp();
    const audit = fresh.services.audit;
    await write(fresh.database, audit, 4);
    const now = Date.now();
    expect(await audit.prune(720, now + 31 * 24 * 3_600_000)).toBe(4);
    const after = await audit.verify([]);
    expect(after).toMatchObject({ ok: true, checked: 1, firstSeq: 5 });
    const [checkpoint] = (await audit.list({})).items;
    expect(checkpoint).toMatchObject({ action: 'audit.checkpoint', actor: { type: 'system' } });
    expect(checkpoint!.details).toMatchObject({ reason: 'retention', throughSeq: 4 });
    await write(fresh.database, audit, 2, 10);
    expect(await audit.verify([])).toMatchObject({ ok: true, checked: 3 });
    expect(await audit.prune(0, now + 100 * 24 * 3_600_000)).toBe(0);
  });

  it('checks published heads: the right one passes, another hash or a head beyond the chain does not', async () => {
    const { database, services } = await createTestApp();
    await write(database, services.audit, 3);
    const head = await services.audit.head();
    expect(await services.audit.verify([head])).toMatchObject({ ok: true, headsChecked: 1 });
    const wrong = { seq: 2, hash: 'f'.repeat(64) };
    expect((await services.audit.verify([wrong])).broken).toEqual({
      seq: 2,
      reason: 'differs from the head published for it',
    });
    expect((await services.audit.verify([{ seq: 9, hash: head.hash }])).broken).toMatchObject({ seq: 9 });
  });

  it('two controllers on one database append to one chain, at once', async () => {
    const { database, services } = await createTestApp();
    const other = createAuditLog(database.db, { enabled: true, logger: silentLogger });
    await Promise.all([write(database, services.audit, 10), write(database, other, 10, 100)]);
    expect(await services.audit.verify([])).toMatchObject({ ok: true, checked: 20 });
    const seqs = (await database.db.selectFrom('auditLog').select('seq').orderBy('seq').execute()).map((r) =>
      Number(r.seq),
    );
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('a disabled log records nothing; best-effort entries never throw', async () => {
    const { database } = await createTestApp();
    const off = createAuditLog(database.db, { enabled: false, logger: silentLogger });
    await write(database, off, 2);
    await off.recordBestEffort({ action: 'user.login', outcome: 'failure', actor: SYSTEM_ACTOR });
    expect(await database.db.selectFrom('auditLog').selectAll().execute()).toEqual([]);
  });

  it('lists with filters and keyset pages for whoever may read it; the reference endpoint pages oldest first', async () => {
    const { app, database, services } = await createTestApp();
    // Their sign-ins are entries 1 and 2; the seven written here are 3 to 9.
    const admin = await callerWithRole(app, database, 'administrator');
    const viewer = await callerWithRole(app, database, 'viewer');
    await write(database, services.audit, 7);
    const get = (url: string, headers = admin.headers) => app.inject({ method: 'GET', url, headers });
    expect((await get('/api/audit-logs', viewer.headers)).statusCode).toBe(403);
    const first = (await get('/api/audit-logs?limit=3&action=config.update')).json();
    expect(first.items.map((entry: { seq: number }) => entry.seq)).toEqual([9, 8, 7]);
    expect(first.total).toBe(7);
    const second = (await get(`/api/audit-logs?limit=3&action=config.update&cursor=${first.nextCursor}`)).json();
    expect(second.items.map((entry: { seq: number }) => entry.seq)).toEqual([6, 5, 4]);
    const logins = (await get('/api/audit-logs?action=user.login')).json();
    expect(logins.items.map((entry: { actor: { id: string } }) => entry.actor.id)).toEqual([
      viewer.user.id,
      admin.user.id,
    ]);
    const byActor = (await get('/api/audit-logs?actor=user-1&target=config-0')).json();
    expect(byActor.items.map((entry: { seq: number }) => entry.seq)).toEqual([7]);
    expect(byActor.items[0]).toMatchObject({
      action: 'config.update',
      outcome: 'success',
      actor: { type: 'user', id: 'user-1', name: 'user 1', tokenOwnerId: null },
      target: { type: 'config', id: 'config-0', name: 'config 0' },
      details: { n: 4, diff: '-a = 4\n+a = 5' },
      ip: '203.0.113.7',
    });
    expect((await get('/api/audit-logs?outcome=failure')).json().total).toBe(0);
    expect((await get('/api/audit-logs?from=2999-01-01T00:00:00Z')).json().items).toEqual([]);
    // Any offset means the same instant: 01:00+02:00 an hour from now is 23:00Z now.
    const soon = new Date(Date.now() + 3_600_000);
    const local = new Date(soon.getTime() + 2 * 3_600_000).toISOString().replace('Z', '+02:00');
    expect((await get(`/api/audit-logs?to=${encodeURIComponent(local)}`)).json().total).toBe(9);
    const bad = await get('/api/audit-logs?cursor=bm9wZQ');
    expect(bad.statusCode).toBe(400);

    const reference = (await get('/api/audit-logger?page=2&limit=3')).json();
    expect(reference.map((entry: { seq: number }) => entry.seq)).toEqual([4, 5, 6]);
    expect(reference[0]).toMatchObject({ actorType: 'User', outcome: 'Success', ipAddress: '203.0.113.7' });
    expect((await get('/api/audit-logger')).json()).toHaveLength(9);
    const verified = (await get(`/api/audit-logs/verify?head=9:${(await services.audit.head()).hash}`)).json();
    expect(verified).toMatchObject({ ok: true, headsChecked: 1, head: { seq: 9 } });
  });

  it('keeps text both engines store as hashed: a name cut inside an emoji still verifies', async () => {
    const { app, services } = await createTestApp();
    const username = `a${'😀'.repeat(253)}`;
    const refused = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password: 'x' } });
    expect(refused.statusCode).toBe(401);
    expect(await services.audit.verify([])).toMatchObject({ ok: true, checked: 1 });
  });
});
