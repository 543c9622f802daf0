import { describe, expect, it } from 'vitest';
import type { ReportingRule } from '@telegraf-controller/contract/reporting-rules';
import { createTestApp, engine } from '../../../test/harness.js';
import { team, type Caller } from '../../../test/factories.js';
import { createReportingRulesService } from './reporting-rules.service.js';

async function setup() {
  const context = await createTestApp();
  const members = await team(context.app, context.database);
  const call = (caller: Caller, method: string, url: string, payload?: object) =>
    context.app.inject({ method: method as 'GET', url, headers: caller.headers, ...(payload ? { payload } : {}) });
  const list = async () => (await call(members.viewer, 'GET', '/api/reporting-rules')).json().items as ReportingRule[];
  const rule = async (description: string, extra: object = {}) => {
    const response = await call(members.manager, 'POST', '/api/reporting-rules', {
      description,
      notReportingAfterSeconds: 300,
      ...extra,
    });
    expect(response.statusCode).toBe(201);
    return response.json() as ReportingRule;
  };
  const defaults = async () => (await list()).filter((item) => item.isDefault).map((item) => item.description);
  let agents = 0;
  const agent = async (reportingRuleId: string, hostname: string | null = null) => {
    agents += 1;
    const id = `agent-${agents}`;
    const now = new Date().toISOString();
    await context.database.db
      .insertInto('agents')
      .values({
        id,
        hostname,
        ip: null,
        version: null,
        status: 'ok',
        registrationRecorded: 1,
        notReportingMarked: 0,
        alternations: 0,
        silentBeats: 0,
        risingErrorBeats: 0,
        reportedStatus: 'ok',
        reportingRuleId,
        firstSeenAt: now,
        lastSeenAt: now,
        errors: null,
        warnings: null,
        metrics: null,
        nameKey: (hostname ?? id).toLowerCase(),
      })
      .execute();
    return id;
  };
  const ruleOf = async (agentId: string) =>
    (
      await context.database.db
        .selectFrom('agents')
        .select('reportingRuleId')
        .where('id', '=', agentId)
        .executeTakeFirstOrThrow()
    ).reportingRuleId;
  return { ...context, team: members, call, list, rule, defaults, agent, ruleOf };
}

describe(`reporting rules on ${engine}`, () => {
  it('are created, listed default first then by description, paged, changed and deleted', async () => {
    const { team, call, list, rule } = await setup();
    const [builtIn] = await list();
    expect(builtIn).toMatchObject({ isDefault: true, notReportingAfterSeconds: 180, autoDelete: false, agentCount: 0 });

    const created = await rule('edge sites', { autoDelete: true, autoDeleteAfterSeconds: 86_400 });
    expect(created).toMatchObject({
      description: 'edge sites',
      notReportingAfterSeconds: 300,
      autoDelete: true,
      autoDeleteAfterSeconds: 86_400,
      isDefault: false,
      agentCount: 0,
    });
    await rule('Batch jobs');
    await rule('core routers');
    expect((await list()).map((item) => item.description)).toEqual([
      builtIn!.description,
      'Batch jobs',
      'core routers',
      'edge sites',
    ]);

    const first = (await call(team.viewer, 'GET', '/api/reporting-rules?limit=3')).json();
    expect(first.total).toBe(4);
    expect(first.items).toHaveLength(3);
    const rest = (await call(team.viewer, 'GET', `/api/reporting-rules?limit=3&cursor=${first.nextCursor}`)).json();
    expect(rest.items.map((item: ReportingRule) => item.description)).toEqual(['edge sites']);
    expect(rest.nextCursor).toBeNull();
    expect((await call(team.viewer, 'GET', '/api/reporting-rules?cursor=nonsense')).statusCode).toBe(400);

    const changed = await call(team.manager, 'PATCH', `/api/reporting-rules/${created.id}`, {
      description: 'edge',
      autoDelete: false,
      autoDeleteAfterSeconds: null,
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      description: 'edge',
      notReportingAfterSeconds: 300,
      autoDelete: false,
      autoDeleteAfterSeconds: null,
    });
    // Absent fields stay as they were.
    const untouched = await call(team.manager, 'PATCH', `/api/reporting-rules/${created.id}`, {});
    expect(untouched.json()).toMatchObject({ description: 'edge', notReportingAfterSeconds: 300 });

    expect((await call(team.viewer, 'GET', `/api/reporting-rules/${created.id}`)).json().description).toBe('edge');
    expect((await call(team.manager, 'DELETE', `/api/reporting-rules/${created.id}`)).statusCode).toBe(204);
    expect((await call(team.viewer, 'GET', `/api/reporting-rules/${created.id}`)).statusCode).toBe(404);
    expect((await call(team.manager, 'PATCH', '/api/reporting-rules/nope', { description: 'x' })).statusCode).toBe(404);
    expect((await call(team.manager, 'POST', '/api/reporting-rules/nope/default')).statusCode).toBe(404);
    expect((await call(team.manager, 'DELETE', '/api/reporting-rules/nope')).statusCode).toBe(404);
  });

  it('always have exactly one default: making a rule default takes it from the previous one', async () => {
    const { services, team, call, list, rule, defaults } = await setup();
    const [builtIn] = await list();
    expect(await services.reportingRules.defaultRuleId()).toBe(builtIn!.id);

    const viaRoute = await rule('via route');
    const made = await call(team.manager, 'POST', `/api/reporting-rules/${viaRoute.id}/default`);
    expect(made.statusCode).toBe(200);
    expect(made.json().isDefault).toBe(true);
    expect(await defaults()).toEqual(['via route']);
    expect(await services.reportingRules.defaultRuleId()).toBe(viaRoute.id);
    // Making the default the default again changes nothing.
    expect((await call(team.manager, 'POST', `/api/reporting-rules/${viaRoute.id}/default`)).json().isDefault).toBe(
      true,
    );

    const viaPatch = await rule('via patch');
    await call(team.manager, 'PATCH', `/api/reporting-rules/${viaPatch.id}`, { isDefault: true });
    expect(await defaults()).toEqual(['via patch']);

    const viaCreate = await rule('via create', { isDefault: true });
    expect(viaCreate.isDefault).toBe(true);
    expect(await defaults()).toEqual(['via create']);
    expect((await list())[0]!.id).toBe(viaCreate.id);

    const undefault = await call(team.manager, 'PATCH', `/api/reporting-rules/${viaCreate.id}`, { isDefault: false });
    expect(undefault.statusCode).toBe(409);
    expect(undefault.json()).toMatchObject({ code: 'default_rule', detail: expect.stringMatching(/another rule/) });
    // isDefault: false on a rule that is not the default is simply what it already is.
    const plain = await call(team.manager, 'PATCH', `/api/reporting-rules/${viaPatch.id}`, { isDefault: false });
    expect(plain.statusCode).toBe(200);
    expect(await defaults()).toEqual(['via create']);
  });

  it('refuse to delete the default rule', async () => {
    const { team, call, list } = await setup();
    const [builtIn] = await list();
    const refused = await call(team.owner, 'DELETE', `/api/reporting-rules/${builtIn!.id}`);
    expect(refused.statusCode).toBe(409);
    expect(refused.json().code).toBe('default_rule');
    expect((await call(team.viewer, 'GET', `/api/reporting-rules/${builtIn!.id}`)).statusCode).toBe(200);
  });

  it('move the agents of a deleted rule to the default rule and count agents per rule', async () => {
    const { team, call, list, rule, agent, ruleOf } = await setup();
    const [builtIn] = await list();
    const doomed = await rule('doomed');
    const kept = await rule('kept');
    const a = await agent(doomed.id, 'Web-01');
    const b = await agent(doomed.id);
    const c = await agent(kept.id, 'db-01');
    await agent(builtIn!.id);
    const counts = Object.fromEntries((await list()).map((item) => [item.description, item.agentCount]));
    expect(counts).toEqual({ [builtIn!.description]: 1, doomed: 2, kept: 1 });
    expect((await call(team.viewer, 'GET', `/api/reporting-rules/${doomed.id}`)).json().agentCount).toBe(2);

    expect((await call(team.manager, 'DELETE', `/api/reporting-rules/${doomed.id}`)).statusCode).toBe(204);
    expect([await ruleOf(a), await ruleOf(b), await ruleOf(c)]).toEqual([builtIn!.id, builtIn!.id, kept.id]);
    expect((await list()).map((item) => item.agentCount)).toEqual([3, 1]);
  });

  it('require an auto-delete threshold when auto-delete is on, which may be shorter than not reporting', async () => {
    const { team, call, rule } = await setup();
    const missing = await call(team.manager, 'POST', '/api/reporting-rules', {
      description: 'no threshold',
      notReportingAfterSeconds: 300,
      autoDelete: true,
    });
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({
      code: 'validation_failed',
      errors: [{ pointer: '/autoDeleteAfterSeconds' }],
    });
    const short = await rule('short', { notReportingAfterSeconds: 3600, autoDelete: true, autoDeleteAfterSeconds: 60 });
    expect(short).toMatchObject({ autoDelete: true, autoDeleteAfterSeconds: 60 });

    const cleared = await call(team.manager, 'PATCH', `/api/reporting-rules/${short.id}`, {
      autoDeleteAfterSeconds: null,
    });
    expect(cleared.statusCode).toBe(400);
    expect(cleared.json().errors[0].pointer).toBe('/autoDeleteAfterSeconds');
    const plain = await rule('plain');
    const enabled = await call(team.manager, 'PATCH', `/api/reporting-rules/${plain.id}`, { autoDelete: true });
    expect(enabled.statusCode).toBe(400);
    const tooShort = await call(team.manager, 'POST', '/api/reporting-rules', {
      description: 'too short',
      notReportingAfterSeconds: 5,
    });
    expect(tooShort.statusCode).toBe(400);
    expect(tooShort.json().errors[0].pointer).toBe('/notReportingAfterSeconds');
  });

  it('let a Viewer read but not create, change, make default or delete, and refuse anonymous callers', async () => {
    const { app, team, call, list, rule } = await setup();
    const other = await rule('other');
    const body = { description: 'mine', notReportingAfterSeconds: 60 };
    expect((await call(team.viewer, 'GET', `/api/reporting-rules/${other.id}`)).statusCode).toBe(200);
    expect((await call(team.viewer, 'POST', '/api/reporting-rules', body)).statusCode).toBe(403);
    expect((await call(team.viewer, 'PATCH', `/api/reporting-rules/${other.id}`, body)).statusCode).toBe(403);
    expect((await call(team.viewer, 'POST', `/api/reporting-rules/${other.id}/default`)).statusCode).toBe(403);
    expect((await call(team.viewer, 'DELETE', `/api/reporting-rules/${other.id}`)).statusCode).toBe(403);
    expect((await app.inject({ method: 'GET', url: '/api/reporting-rules' })).statusCode).toBe(401);
    expect((await list()).map((item) => item.description)).toContain('other');
  });

  it('tell listeners about every change', async () => {
    const { services, database } = await setup();
    let changes = 0;
    const rules = createReportingRulesService(database.db, { onChanged: () => (changes += 1) });
    const origin = { ip: null, userAgent: null };
    const created = await rules.create(null, { description: 'watched', notReportingAfterSeconds: 60 }, origin);
    await rules.update(null, created.id, { description: 'watched closely' }, origin);
    await rules.makeDefault(null, created.id, origin);
    const other = await rules.create(null, { description: 'other', notReportingAfterSeconds: 60 }, origin);
    await rules.remove(null, other.id, origin);
    expect(changes).toBe(5);
    expect(await services.reportingRules.defaultRuleId()).toBe(created.id);
  });
});
