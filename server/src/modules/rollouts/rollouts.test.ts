import type { Config, ConfigVersion } from '@telegraf-controller/contract/configs';
import type { Me } from '@telegraf-controller/contract/users';
import type { Rollout, RolloutCreate, VersionReview } from '@telegraf-controller/contract/rollouts';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../db/migrate.js';
import { createConfig, createToken, sendHeartbeat, team, type Caller } from '../../../test/factories.js';
import { createTestApp, engine } from '../../../test/harness.js';

/** A configuration whose heartbeat output names the agent with `&{agent_id}`: the identity of a fetch (ADR 26). */
const toml = (input: string) => `[[inputs.${input}]]
[[outputs.heartbeat]]
  url = "http://controller.example:8443/agents/heartbeat"
  instance_id = "&{agent_id:unnamed}"
`;

async function setup() {
  const context = await createTestApp();
  const { app, heartbeat, database, services } = context;
  const members = await team(app, database);
  const agentToken = await createToken(app, members.manager);
  const call = async (
    caller: Caller,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ) => app.inject({ method, url, headers: caller.headers, ...(body === undefined ? {} : { payload: body as object }) });
  const ok = async <T>(
    caller: Caller,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
  ) => {
    const answer = await call(caller, method, url, body);
    expect(answer.statusCode, answer.body).toBeLessThan(300);
    return (answer.body === '' ? undefined : answer.json()) as T;
  };
  /** Which input the TOML served to `agent` (none: a fetch without an identity) holds. */
  const served = async (config: Config, agent?: string) => {
    const query = agent === undefined ? '' : `?agent_id=${agent}`;
    const answer = await app.inject({
      method: 'GET',
      url: `/api/configs/${config.id}/toml${query}`,
      headers: { authorization: agentToken.authorization },
    });
    expect(answer.statusCode, answer.body).toBe(200);
    return /\[\[inputs\.(\w+)\]\]/.exec(answer.body)?.[1];
  };
  /** An agent that loaded `config` (with its identity), then heartbeats with `status`. */
  const runAgent = async (config: Config, agent: string, status: 'OK' | 'FAIL' = 'OK') => {
    const input = await served(config, agent);
    await services.configFetches.flush();
    const answer = await sendHeartbeat(heartbeat, agentToken.authorization, {
      id: agent,
      status,
      configurations: [`http://controller.example:8888/api/configs/${config.id}/toml?agent_id=${agent}`],
    });
    expect(answer.statusCode).toBe(202);
    await services.heartbeats.flush();
    return input;
  };
  const save = (config: Config, input: string, by = members.manager) =>
    ok<Config>(by, 'PATCH', `/api/configs/${config.id}`, { toml: toml(input) });
  return { ...context, members, call, ok, served, runAgent, save };
}

describe(`staged serving on ${engine}`, () => {
  it('keeps saves of an explicitly published configuration from agents until a version is published, approved by another person when four eyes are on', async () => {
    const { app, members, call, ok, served, save } = await setup();
    const config = await createConfig(app, members.manager, { toml: toml('cpu') });
    expect(config).toMatchObject({ publishMode: 'live', publishedVersion: 1, pinnedVersion: null });
    // Live: a save is served at once (decision 27).
    expect(await save(config, 'mem')).toMatchObject({ version: 2, publishedVersion: 2 });
    expect(await served(config)).toBe('mem');

    await ok(members.manager, 'PATCH', `/api/configs/${config.id}`, { publishMode: 'explicit' });
    expect(await save(config, 'disk')).toMatchObject({ version: 3, publishedVersion: 2 });
    expect(await served(config, 'any-agent')).toBe('mem');
    expect(await ok(members.manager, 'POST', `/api/configs/${config.id}/publish`, { version: 3 })).toMatchObject({
      publishedVersion: 3,
    });
    expect(await served(config)).toBe('disk');

    // Four eyes: the author cannot approve its own version; another person can, and then it may be published.
    await ok(members.owner, 'PATCH', '/api/settings', { requireApproval: true });
    await save(config, 'net');
    const refused = await call(members.manager, 'POST', `/api/configs/${config.id}/publish`, { version: 4 });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'approval_required', errors: [{ pointer: '/version' }] });
    expect((await call(members.manager, 'POST', `/api/configs/${config.id}/versions/4/approval`)).statusCode).toBe(403);
    expect((await call(members.viewer, 'POST', `/api/configs/${config.id}/versions/4/approval`)).statusCode).toBe(403);
    expect(
      (await call(members.administrator, 'POST', `/api/configs/${config.id}/versions/4/approval`)).statusCode,
    ).toBe(204);
    await ok(members.manager, 'POST', `/api/configs/${config.id}/publish`, { version: 4 });
    expect(await served(config)).toBe('net');
    // A version says whether, when and by whom it was approved.
    const versions = await ok<{ items: ConfigVersion[] }>(members.viewer, 'GET', `/api/configs/${config.id}/versions`);
    const { user: approver } = await ok<Me>(members.administrator, 'GET', '/api/auth/me');
    expect(versions.items.slice(0, 2)).toMatchObject([
      { version: 4, approvedBy: approver.username, approvedAt: expect.any(String) },
      { version: 3, approvedBy: null, approvedAt: null },
    ]);
    const [newest] = versions.items;
    expect(await ok(members.viewer, 'GET', `/api/configs/${config.id}/versions/4`)).toMatchObject({
      approvedBy: approver.username,
      approvedAt: newest!.approvedAt,
    });
  });

  it('pins a configuration fleet-wide: saves and publishing wait, and unpinning serves the published version again', async () => {
    const { app, members, call, ok, served, save } = await setup();
    const config = await createConfig(app, members.manager, { toml: toml('cpu') });
    await save(config, 'mem');
    expect(await ok(members.manager, 'PUT', `/api/configs/${config.id}/pin`, { version: 1 })).toMatchObject({
      pinnedVersion: 1,
    });
    expect(await served(config, 'never-seen-before')).toBe('cpu');
    // A live save while pinned makes a version that is not served.
    expect(await save(config, 'disk')).toMatchObject({ version: 3, publishedVersion: 2, pinnedVersion: 1 });
    expect(await served(config)).toBe('cpu');
    const publish = await call(members.manager, 'POST', `/api/configs/${config.id}/publish`, { version: 3 });
    expect(publish.json()).toMatchObject({ code: 'config_pinned' });
    const rollout = await call(members.manager, 'POST', `/api/configs/${config.id}/rollouts`, {
      version: 3,
      cohorts: [{ percent: 100 }],
    });
    expect(rollout.json()).toMatchObject({ code: 'config_pinned' });
    expect((await call(members.viewer, 'PUT', `/api/configs/${config.id}/pin`, {})).statusCode).toBe(403);
    expect(await ok(members.manager, 'DELETE', `/api/configs/${config.id}/pin`)).toMatchObject({ pinnedVersion: null });
    expect(await served(config)).toBe('mem');
  });

  it('rolls a version out cohort by cohort while the gates hold, and reverts every agent when a cohort fails', async () => {
    const { app, services, members, ok, served, runAgent, save } = await setup();
    const config = await createConfig(app, members.manager, { toml: toml('cpu') });
    await ok(members.manager, 'PATCH', `/api/configs/${config.id}`, { publishMode: 'explicit' });
    for (const agent of ['canary-1', 'web-1', 'web-2']) expect(await runAgent(config, agent)).toBe('cpu');
    await save(config, 'mem');
    const body: RolloutCreate = {
      version: 2,
      cohorts: [
        { name: 'canaries', agents: ['canary-1'], bakeSeconds: 0 },
        { name: 'everyone', percent: 100, bakeSeconds: 0 },
      ],
    };
    const started = await ok<Rollout>(members.manager, 'POST', `/api/configs/${config.id}/rollouts`, body);
    expect(started).toMatchObject({ state: 'running', step: 0, fromVersion: 1, toVersion: 2 });
    // Only the canary is served the new version; the others, and a fetch naming no agent, keep the old one.
    expect(await served(config, 'web-1')).toBe('cpu');
    expect(await served(config)).toBe('cpu');
    // No sample yet (nobody of the cohort fetched the new version): the step waits, its figures say why.
    await services.rollouts.advance();
    expect(await ok<Rollout>(members.viewer, 'GET', `/api/configs/${config.id}/rollouts/${started.id}`)).toMatchObject({
      step: 0,
      figures: [{ step: 0, agents: 1, sample: 0, minSample: 1, fail: 0, notReporting: 0, newlyErroring: 0 }],
    });
    expect(await runAgent(config, 'canary-1')).toBe('mem');
    await services.rollouts.advance();
    const advanced = await ok<Rollout>(members.viewer, 'GET', `/api/configs/${config.id}/rollouts/${started.id}`);
    expect(advanced).toMatchObject({ state: 'running', step: 1 });

    // The next cohort: one agent loads the new version and fails; the gate (0 % Fail) is breached.
    expect(await runAgent(config, 'web-1', 'FAIL')).toBe('mem');
    expect(await runAgent(config, 'web-2')).toBe('mem');
    await services.rollouts.advance();
    const reverted = await ok<Rollout>(members.viewer, 'GET', `/api/configs/${config.id}/rollouts/${started.id}`);
    expect(reverted).toMatchObject({
      state: 'reverted',
      step: 1,
      breach: { step: 1, gate: 'fail', limit: 0, sample: 2, percent: 50, agents: ['web-1'] },
    });
    expect(reverted.endedAt).not.toBeNull();
    // Each step's figures: the canaries' as they passed; the rest of the fleet (the canary counted once, in its
    // first cohort) as it breached.
    expect(reverted.figures).toMatchObject([
      { step: 0, agents: 1, sample: 1, fail: 0 },
      { step: 1, agents: 2, sample: 2, minSample: 1, fail: 1 },
    ]);
    // Every agent is served the version the rollout started from again, the canary too.
    for (const agent of ['canary-1', 'web-1', 'web-2']) expect(await served(config, agent)).toBe('cpu');
    expect((await ok<Config>(members.viewer, 'GET', `/api/configs/${config.id}`)).publishedVersion).toBe(1);
  });

  it('finishes a rollout whose cohorts all hold, and publishes its version; an empty cohort never passes', async () => {
    const { app, services, members, call, ok, served, runAgent, save } = await setup();
    const config = await createConfig(app, members.manager, { toml: toml('cpu') });
    await ok(members.manager, 'PATCH', `/api/configs/${config.id}`, { publishMode: 'explicit' });
    const label = await ok<{ id: string }>(members.manager, 'POST', '/api/labels', { name: 'nobody-has-it' });
    await runAgent(config, 'db-1');
    await save(config, 'mem');
    const stalled = await ok<Rollout>(members.manager, 'POST', `/api/configs/${config.id}/rollouts`, {
      version: 2,
      cohorts: [
        { labels: [label.id], bakeSeconds: 0 },
        { percent: 100, bakeSeconds: 0 },
      ],
    });
    // At most one active rollout per configuration.
    const second = await call(members.manager, 'POST', `/api/configs/${config.id}/rollouts`, {
      version: 2,
      cohorts: [{ percent: 100 }],
    });
    expect(second.json()).toMatchObject({ code: 'rollout_active' });
    for (let round = 0; round < 3; round += 1) await services.rollouts.advance();
    expect(await ok<Rollout>(members.viewer, 'GET', `/api/configs/${config.id}/rollouts/${stalled.id}`)).toMatchObject({
      state: 'running',
      step: 0,
    });
    expect(await served(config, 'db-1')).toBe('cpu');
    await ok(members.manager, 'POST', `/api/configs/${config.id}/rollouts/${stalled.id}/abort`);

    const rollout = await ok<Rollout>(members.manager, 'POST', `/api/configs/${config.id}/rollouts`, {
      version: 2,
      cohorts: [{ percent: 100, bakeSeconds: 0 }],
    });
    expect(await runAgent(config, 'db-1')).toBe('mem');
    await services.rollouts.advance();
    expect(await ok<Rollout>(members.viewer, 'GET', `/api/configs/${config.id}/rollouts/${rollout.id}`)).toMatchObject({
      state: 'finished',
    });
    expect((await ok<Config>(members.viewer, 'GET', `/api/configs/${config.id}`)).publishedVersion).toBe(2);
    expect(await served(config)).toBe('mem');
    const list = await ok<{ items: Rollout[] }>(members.viewer, 'GET', `/api/configs/${config.id}/rollouts`);
    expect(list.items.map((item) => item.state)).toEqual(['finished', 'aborted']);
  });

  it('takes a label cohort when its step begins: labels changed later move nobody in or out of it', async () => {
    const { app, services, members, ok, served, runAgent, save } = await setup();
    const config = await createConfig(app, members.manager, { toml: toml('cpu') });
    await ok(members.manager, 'PATCH', `/api/configs/${config.id}`, { publishMode: 'explicit' });
    const canaries = await ok<{ id: string }>(members.manager, 'POST', '/api/labels', { name: 'canaries' });
    const early = await ok<{ id: string }>(members.manager, 'POST', '/api/labels', { name: 'early' });
    for (const agent of ['a-1', 'a-2', 'a-3']) await runAgent(config, agent);
    const label = (agent: string, labelId: string, method: 'PUT' | 'DELETE' = 'PUT') =>
      ok(members.manager, method, `/api/agents/${agent}/labels/${labelId}`);
    await label('a-1', canaries.id);
    await save(config, 'mem');
    const rollout = await ok<Rollout>(members.manager, 'POST', `/api/configs/${config.id}/rollouts`, {
      version: 2,
      cohorts: [
        { labels: [canaries.id], bakeSeconds: 0 },
        { labels: [early.id], bakeSeconds: 0 },
        { percent: 100, bakeSeconds: 3600 },
      ],
    });
    // During the first step, a-2 gains the label and a-1 loses it: the cohort stays what it was when it began.
    await label('a-2', canaries.id);
    await label('a-1', canaries.id, 'DELETE');
    expect(await served(config, 'a-2')).toBe('cpu');
    expect(await runAgent(config, 'a-1')).toBe('mem');
    // The next label cohort is taken when its step begins: a-2 labelled before then is in it.
    await label('a-2', early.id);
    await services.rollouts.advance();
    const second = await ok<Rollout>(members.viewer, 'GET', `/api/configs/${config.id}/rollouts/${rollout.id}`);
    expect(second).toMatchObject({ step: 1, figures: [{ step: 0, agents: 1, sample: 1 }] });
    expect(await served(config, 'a-2')).toBe('mem');
    expect(await served(config, 'a-3')).toBe('cpu');
    await label('a-3', early.id);
    expect(await served(config, 'a-3')).toBe('cpu');
    await runAgent(config, 'a-2');
    await services.rollouts.advance();
    // The last cohort bakes for an hour: measured every round all the same, holding a-3 alone.
    const third = await ok<Rollout>(members.viewer, 'GET', `/api/configs/${config.id}/rollouts/${rollout.id}`);
    expect(third).toMatchObject({ step: 2, figures: [{ step: 0 }, { step: 1, agents: 1, sample: 1 }] });
    await services.rollouts.advance();
    const baking = await ok<Rollout>(members.viewer, 'GET', `/api/configs/${config.id}/rollouts/${rollout.id}`);
    expect(baking.figures[2]).toMatchObject({ step: 2, agents: 1, sample: 0 });
  });

  it('takes a label cohort again on resume, and takes one a controller before 0029 reached without taking it', async () => {
    const { app, database, services, members, ok, served, runAgent, save } = await setup();
    const config = await createConfig(app, members.manager, { toml: toml('cpu') });
    await ok(members.manager, 'PATCH', `/api/configs/${config.id}`, { publishMode: 'explicit' });
    const canaries = await ok<{ id: string }>(members.manager, 'POST', '/api/labels', { name: 'canaries' });
    const early = await ok<{ id: string }>(members.manager, 'POST', '/api/labels', { name: 'early' });
    for (const agent of ['r-1', 'r-2', 'r-3']) await runAgent(config, agent);
    await save(config, 'mem');
    const rollout = await ok<Rollout>(members.manager, 'POST', `/api/configs/${config.id}/rollouts`, {
      version: 2,
      cohorts: [{ labels: [canaries.id] }, { labels: [early.id] }, { percent: 100 }],
    });
    const path = `/api/configs/${config.id}/rollouts/${rollout.id}`;
    // Nobody carried the label when the step began: an empty cohort. Labelling r-1 and resuming takes it again.
    await ok(members.manager, 'PUT', `/api/agents/r-1/labels/${canaries.id}`);
    expect(await served(config, 'r-1')).toBe('cpu');
    await ok(members.manager, 'POST', `${path}/pause`);
    await ok(members.manager, 'POST', `${path}/resume`);
    expect(await served(config, 'r-1')).toBe('mem');

    // A controller before migration 0029 moved the rollout on to step 1 without taking its cohort: until the leader
    // takes it, the step's labels are read as they are now; then it is fixed.
    await ok(members.manager, 'PUT', `/api/agents/r-2/labels/${early.id}`);
    await sql`update rollouts set step = 1 where id = ${rollout.id}`.execute(database.db);
    services.renderCache.clear();
    expect(await served(config, 'r-2')).toBe('mem');
    await services.rollouts.advance();
    const taken = await database.db
      .selectFrom('rollouts')
      .select('cohortsTaken')
      .where('id', '=', rollout.id)
      .executeTakeFirstOrThrow();
    expect(taken.cohortsTaken).toBe(1);
    await ok(members.manager, 'DELETE', `/api/agents/r-2/labels/${early.id}`);
    await ok(members.manager, 'PUT', `/api/agents/r-3/labels/${early.id}`);
    expect(await served(config, 'r-2')).toBe('mem');
    expect(await served(config, 'r-3')).toBe('cpu');

    // An ended rollout's cohorts are forgotten; its figures stay.
    await ok(members.manager, 'POST', `${path}/abort`);
    expect(await database.db.selectFrom('rolloutCohortMembers').selectAll().execute()).toEqual([]);
    expect((await ok<Rollout>(members.viewer, 'GET', path)).figures.map((entry) => entry.step)).toEqual([1]);
  });

  it('takes the reached label cohorts of rollouts in progress when the controller is upgraded (migration 0029)', async () => {
    const { app, database, services, members, ok, served, runAgent, save } = await setup();
    const config = await createConfig(app, members.manager, { toml: toml('cpu') });
    await ok(members.manager, 'PATCH', `/api/configs/${config.id}`, { publishMode: 'explicit' });
    const canaries = await ok<{ id: string }>(members.manager, 'POST', '/api/labels', { name: 'canaries' });
    for (const agent of ['c-1', 'c-2']) await runAgent(config, agent);
    await ok(members.manager, 'PUT', `/api/agents/c-1/labels/${canaries.id}`);
    await save(config, 'mem');
    await ok<Rollout>(members.manager, 'POST', `/api/configs/${config.id}/rollouts`, {
      version: 2,
      cohorts: [{ labels: [canaries.id] }, { percent: 100 }],
    });
    // The database as a controller before migration 0029 left it, the rollout running.
    await sql`drop table rollout_step_figures`.execute(database.db);
    await sql`drop table rollout_cohort_members`.execute(database.db);
    await sql`alter table rollouts drop column cohorts_taken`.execute(database.db);
    await sql`delete from schema_migration where name = '0029-rollout-cohorts'`.execute(database.db);
    expect(await migrateToLatest(database.db, engine)).toEqual(['0029-rollout-cohorts']);
    const members0 = await database.db.selectFrom('rolloutCohortMembers').select(['step', 'agentId']).execute();
    expect(members0).toEqual([{ step: 0, agentId: 'c-1' }]);
    const { cohortsTaken } = await database.db.selectFrom('rollouts').select('cohortsTaken').executeTakeFirstOrThrow();
    expect(cohortsTaken).toBe(0);
    services.renderCache.clear();
    expect(await served(config, 'c-1')).toBe('mem');
    expect(await served(config, 'c-2')).toBe('cpu');
  });

  it('reviews a version before it is served: the rendered diff for sample agents of each cohort', async () => {
    const { app, members, ok, runAgent, save } = await setup();
    const config = await createConfig(app, members.manager, { toml: toml('cpu') });
    await ok(members.manager, 'PATCH', `/api/configs/${config.id}`, { publishMode: 'explicit' });
    for (const agent of ['canary-1', 'web-1', 'web-2']) await runAgent(config, agent);
    await save(config, 'mem');
    const review = await ok<VersionReview>(members.viewer, 'POST', `/api/configs/${config.id}/review`, {
      version: 2,
      cohorts: [{ name: 'canaries', agents: ['canary-1'] }, { percent: 100 }],
    });
    expect(review).toMatchObject({ fromVersion: 1, toVersion: 2 });
    expect(review.cohorts.map((cohort) => [cohort.name, cohort.agents])).toEqual([
      ['canaries', 1],
      ['Cohort 2', 2],
    ]);
    expect(review.cohorts[1]!.samples.map((sample) => sample.agentId)).toEqual(['web-1', 'web-2']);
    const [canary] = review.cohorts[0]!.samples;
    expect(canary).toMatchObject({ agentId: 'canary-1', problem: null });
    expect(canary!.diff).toContain('-[[inputs.cpu]]');
    expect(canary!.diff).toContain('+[[inputs.mem]]');
    // The agent's own parameters are filled in, as it would be served.
    expect(canary!.diff).toContain('instance_id = "canary-1"');
  });

  it('never prunes a version agents may be served, and with four eyes on a live save waits for approval too', async () => {
    const { app, members, ok, served, save } = await setup();
    const config = await createConfig(app, members.manager, { toml: toml('cpu') });
    await ok(members.manager, 'PATCH', `/api/configs/${config.id}`, { publishMode: 'explicit' });
    await save(config, 'mem');
    await save(config, 'disk');
    const pruned = await ok<{ pruned: number[] }>(
      members.manager,
      'DELETE',
      `/api/configs/${config.id}/versions?before=3`,
    );
    expect(pruned.pruned).toEqual([2]);
    expect(await served(config)).toBe('cpu');

    await ok(members.owner, 'PATCH', '/api/settings', { requireApproval: true });
    const live = await createConfig(app, members.manager, { toml: toml('cpu') });
    expect(await save(live, 'mem')).toMatchObject({ version: 2, publishedVersion: 1 });
    expect(await served(live)).toBe('cpu');
    // Pinning what is served stays allowed (the kill switch); pinning an unapproved version would publish it.
    const pin = await app.inject({
      method: 'PUT',
      url: `/api/configs/${live.id}/pin`,
      headers: members.manager.headers,
      payload: { version: 2 },
    });
    expect(pin.json()).toMatchObject({ code: 'approval_required' });
    expect(await ok(members.manager, 'PUT', `/api/configs/${live.id}/pin`, {})).toMatchObject({ pinnedVersion: 1 });
  });

  it('refuses cohorts that select agents more than one way, or shares that do not grow', async () => {
    const { app, members, call } = await setup();
    const config = await createConfig(app, members.manager, { toml: toml('cpu') });
    const start = (cohorts: unknown) =>
      call(members.manager, 'POST', `/api/configs/${config.id}/rollouts`, { version: 1, cohorts });
    const both = await start([{ percent: 10, agents: ['a'] }]);
    expect(both.statusCode).toBe(400);
    expect(both.json()).toMatchObject({ errors: [{ pointer: '/cohorts/0' }] });
    const shrinking = await start([{ percent: 50 }, { percent: 10 }]);
    expect(shrinking.json()).toMatchObject({ errors: [{ pointer: '/cohorts/1/percent' }] });
    const served = await start([{ percent: 100 }]);
    expect(served.json()).toMatchObject({ code: 'validation_failed', errors: [{ pointer: '/version' }] });
  });
});
