import { Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import fc from 'fast-check';
import { expect } from 'vitest';
import { team, type Caller } from '../factories.js';
import { createTestApp, type TestApp, type TestAppSettings } from '../harness.js';

/**
 * A controller on real sockets (both listeners, so early answers and the request listeners are in the loop) with a
 * team, tokens and a few resources, for the hostile-input properties; and the invariants each property ends with.
 */

export interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

export interface RawRequest {
  method: string;
  /** Sent as written: broken escapes and all. */
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
}

/** One seed per test process, shown in every suite's name and in any failure: `FUZZ_SEED=<seed>` replays it. */
const SEED = process.env.FUZZ_SEED === undefined ? Date.now() % 2 ** 31 : Number(process.env.FUZZ_SEED);

/** How long a property may run, and how many cases at most (`npm run fuzz -- --runs N` lifts both). */
export function fuzzSettings(): fc.Parameters<unknown> {
  const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
  const seconds = Number(process.env.FUZZ_SECONDS ?? 15);
  return {
    seed: SEED,
    numRuns: runs,
    ...(seconds > 0 ? { interruptAfterTimeLimit: seconds * 1000, markInterruptAsFailure: false } : {}),
    endOnFailure: true,
  };
}

/**
 * `fc.assert` over one arbitrary, bounded by `fuzzSettings`. A case still running when time is up is not abandoned:
 * its requests already reached the controller, so it is awaited (and its failure reported) before anything is
 * counted.
 */
export async function fuzz<T>(arbitrary: fc.Arbitrary<T>, predicate: (value: T) => Promise<void>): Promise<void> {
  const running = new Set<Promise<void>>();
  await fc.assert(
    fc.asyncProperty(arbitrary, (value) => {
      const run = predicate(value);
      running.add(run);
      run.then(
        () => running.delete(run),
        () => running.delete(run),
      );
      return run;
    }),
    fuzzSettings(),
  );
  await Promise.all(running);
}

function client(origin: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 4 });
  return (raw: RawRequest): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const body = raw.body === undefined ? undefined : Buffer.from(raw.body);
      const outgoing = httpRequest(`${origin}`, {
        agent,
        method: raw.method,
        path: raw.path,
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...raw.headers },
      });
      outgoing.on('error', (error: Error & { rawPacket?: Buffer }) =>
        reject(
          new Error(
            `${raw.method} ${raw.path.slice(0, 200)}: ${error.message} ${JSON.stringify(error.rawPacket?.toString('latin1').slice(0, 400)) ?? ''}`,
          ),
        ),
      );
      outgoing.on('response', (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }),
        );
        response.on('error', reject);
      });
      outgoing.end(body);
    });
}

async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

export interface World extends TestApp {
  api: (raw: RawRequest) => Promise<Answer>;
  beat: (raw: RawRequest) => Promise<Answer>;
  members: Record<'owner' | 'administrator' | 'manager' | 'viewer', Caller>;
  ownerToken: string;
  agentToken: string;
  configId: string;
  groupId: string;
  labelId: string;
  ruleId: string;
  /** Every secret value the world holds: none may ever appear in an error. */
  secrets: string[];
  counts(): Promise<Counts>;
}

export interface Counts {
  users: number;
  tokens: number;
  configs: number;
  agents: number;
}

export const TEMPLATE = [
  '[agent]',
  '  interval = "10s"',
  '[global_tags]',
  '  basic = "&{agent_id}"',
  "  literal = '&{dc:eu}'",
  '  multi = """',
  '&{agent_id}"""',
  '[[inputs.cpu]]',
  '  percpu = &{percpu:true}',
  '[[outputs.discard]]',
  '',
].join('\n');

export async function openWorld(settings: TestAppSettings = {}): Promise<World> {
  const context = await createTestApp(settings);
  const { app, database } = context;
  const members = await team(app, database);
  const json = async (method: string, url: string, payload?: object, caller: Caller = members.owner) => {
    const response = await app.inject({
      method: method as 'POST',
      url,
      headers: caller.headers,
      ...(payload ? { payload } : {}),
    });
    expect(response.statusCode, `${method} ${url}: ${response.body}`).toBeLessThan(300);
    return response.json();
  };
  const ownerToken = (await json('POST', '/api/tokens', { name: 'hostile-owner', preset: 'full-access' }))
    .token as string;
  const agentToken = (await json('POST', '/api/tokens', { name: 'hostile-agent', preset: 'telegraf-agent' }))
    .token as string;
  const config = await json('POST', '/api/configs', { name: 'hostile base', toml: TEMPLATE });
  await json('POST', `/api/configs/${config.id}/aliases`, { alias: 'hostile-base' });
  const group = await json('POST', '/api/config-groups', { name: 'hostile group', configIds: [config.id] });
  await json('POST', `/api/config-groups/${group.id}/aliases`, { alias: 'hostile-group' });
  const label = await json('POST', '/api/labels', { name: 'hostile label' });
  const rule = await json('POST', '/api/reporting-rules', {
    description: 'hostile rule',
    notReportingAfterSeconds: 60,
  });
  const counts = async (): Promise<Counts> => {
    const count = async (table: 'users' | 'apiTokens' | 'configs' | 'agents') =>
      Number(
        (
          await database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    return {
      users: await count('users'),
      tokens: await count('apiTokens'),
      configs: await count('configs'),
      agents: await count('agents'),
    };
  };
  return {
    ...context,
    api: client(await listen(app)),
    beat: client(await listen(context.heartbeat)),
    members,
    ownerToken,
    agentToken,
    configId: config.id,
    groupId: group.id,
    labelId: label.id,
    ruleId: rule.id,
    secrets: [ownerToken, agentToken, members.owner.headers.cookie!.split('=').slice(1).join('=')],
    counts,
  };
}

/**
 * What every answer to hostile input must be: no 5xx but the documented 503 `not_ready`; an error is
 * problem+json naming a code, without a stack trace or a secret of the world.
 */
export function expectSane(world: World, answer: Answer, what: string): void {
  const problem = answer.status >= 400;
  expect(
    answer.status === 503 || answer.status < 500,
    `${what} → ${answer.status}: ${answer.body.toString().slice(0, 300)}`,
  ).toBe(true);
  const text = answer.body.toString('utf8');
  if (problem && answer.body.length > 0) {
    expect(String(answer.headers['content-type']), what).toContain('application/problem+json');
    const document = JSON.parse(text) as { code?: unknown; status?: unknown };
    expect(typeof document.code, what).toBe('string');
    expect(document.status, what).toBe(answer.status);
    if (answer.status === 503) expect(document.code, what).toBe('not_ready');
  }
  expect(text, what).not.toMatch(/\n\s+at .+\(.+:\d+:\d+\)/);
  for (const secret of world.secrets) expect(text.includes(secret), `${what} leaks a secret`).toBe(false);
}

let canaries = 0;

/**
 * After a property: the process answers, both health checks are 200, a valid heartbeat sent now is stored within a
 * few flush intervals, and the counts moved only as the property's valid requests said.
 */
export async function expectHealthy(world: World, expected: Counts): Promise<void> {
  const live = await world.api({ method: 'GET', path: '/health/live' });
  expect(live.status).toBe(200);
  const health = await world.beat({ method: 'GET', path: '/health' });
  expect(health.status, health.body.toString()).toBe(200);
  canaries += 1;
  const id = `canary-${canaries}`;
  const sent = await world.beat({
    method: 'POST',
    path: '/agents/heartbeat',
    headers: { authorization: `Bearer ${world.agentToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id, version: 'Telegraf 1.39.3', status: 'OK' }),
  });
  expect(sent.status, sent.body.toString()).toBe(202);
  await expect
    .poll(
      async () =>
        (await world.database.db.selectFrom('agents').select('id').where('id', '=', id).executeTakeFirst())?.id,
      {
        timeout: 2000,
        interval: 50,
      },
    )
    .toBe(id);
  // What was served to whom (hostile URLs included) is written without a refusal.
  await world.services.configFetches.flush();
  expect(world.services.configFetches.healthy()).toBe(true);
  const counts = await world.counts();
  expect(counts, JSON.stringify({ counts, expected })).toEqual({ ...expected, agents: expected.agents + 1 });
}
