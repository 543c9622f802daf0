import fc from 'fast-check';
import { describe, it } from 'vitest';
import { engine } from '../harness.js';
import { deepJsonText, deepNesting, extremeNumber, hostileJson, hostileString } from './arbitraries.js';
import { expectHealthy, expectSane, fuzz, fuzzSettings, openWorld } from './world.js';

const settings = fuzzSettings();

/** Mostly `good`, sometimes `odd`: enough valid messages get through to reach the database. */
const mostly = <T>(good: fc.Arbitrary<T>, ...odd: fc.Arbitrary<unknown>[]) =>
  fc.oneof(
    { weight: 8, arbitrary: good as fc.Arbitrary<unknown> },
    ...odd.map((arbitrary) => ({ weight: 1, arbitrary })),
  );

const validTime = fc.date({ min: new Date(0), max: new Date(4e12), noInvalidDate: true }).map((d) => d.toISOString());

const logEntry = fc.record(
  {
    time: mostly(
      validTime,
      fc.constantFrom('2025-13-45T99:99:99Z', '2025-10-22T16:02:30.123456789+02:00'),
      hostileString(20),
    ),
    level: mostly(fc.constantFrom('ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'), hostileString(8)),
    source: mostly(hostileString(60), hostileJson(1)),
    message: mostly(
      hostileString(200),
      fc.constantFrom('x'.repeat(20_000), '\u0000'.repeat(9000), '\ud800'.repeat(100)),
    ),
    attributes: mostly(
      fc.dictionary(hostileString(10), hostileJson(3), { maxKeys: 6 }),
      deepNesting.map((a) => ({ deep: a })),
      hostileJson(1),
    ),
  },
  { requiredKeys: ['time', 'level', 'source', 'message'] },
);

/** Shaped like Telegraf's message, filled with hostile values (and now and then the wrong type). */
const heartbeatBody = fc.record(
  {
    id: mostly(fc.stringMatching(/^[a-z0-9-]{1,16}$/), hostileString(40), hostileString(400), extremeNumber),
    version: mostly(fc.constantFrom('Telegraf 1.39.3', '1.37.0'), hostileString(40), hostileJson(1)),
    schema: mostly(fc.constant(1), fc.constantFrom(2, 0, -1, 1.5, 2 ** 60), hostileJson(1)),
    last: mostly(fc.integer({ min: 0, max: 2 ** 40 }), extremeNumber, hostileJson(1)),
    hostname: mostly(hostileString(80), fc.constant('h'.repeat(5000)), hostileJson(1)),
    configurations: mostly(
      fc.array(
        fc.oneof(
          hostileString(100),
          fc.constantFrom('http://c/api/configs/%00/toml', 'http://c/c/%ED%A0%80', 'http://c/c/hostile-base'),
        ),
        { maxLength: 8 },
      ),
      fc.array(fc.constant('x'), { minLength: 1001, maxLength: 1100 }),
      hostileJson(1),
    ),
    statistics: mostly(
      fc.record({ errors: fc.nat(), warnings: fc.nat(), metrics: fc.nat() }),
      fc.record({ errors: extremeNumber, warnings: extremeNumber, metrics: extremeNumber }),
      hostileJson(2),
    ),
    logs: mostly(
      fc.array(logEntry, { maxLength: 6 }),
      fc.array(logEntry, { minLength: 200, maxLength: 300 }),
      hostileJson(2),
    ),
    status: mostly(fc.constantFrom('OK', 'WARN', 'FAIL', 'UNDEFINED'), hostileString(10), hostileJson(1)),
  },
  { requiredKeys: ['id', 'version'] },
);

/** The bytes sent: JSON of a shaped or any value, or bytes that are not JSON or not UTF-8 at all. */
const payload = fc.oneof(
  {
    weight: 8,
    arbitrary: heartbeatBody.map((body) => ({ body: body as unknown, bytes: Buffer.from(JSON.stringify(body)) })),
  },
  {
    weight: 1,
    arbitrary: hostileJson(3).map((body) => ({ body, bytes: Buffer.from(JSON.stringify(body) ?? 'null') })),
  },
  {
    weight: 1,
    arbitrary: fc
      .tuple(
        deepJsonText,
        fc.constantFrom(
          '',
          '{"id":"deep","version":"v","logs":[{"time":"2025-10-22T16:02:30Z","level":"INFO","source":"s","message":"m","attributes":{"x":',
        ),
      )
      .map(([text, prefix]) => ({
        body: undefined as unknown,
        bytes: Buffer.from(prefix === '' ? text : `${prefix}${text}}}]}`),
      })),
  },
  {
    weight: 1,
    arbitrary: fc.uint8Array({ maxLength: 200 }).map((bytes) => ({
      body: undefined as unknown,
      bytes: Buffer.concat([Buffer.from('{"id":"bytes-'), Buffer.from(bytes), Buffer.from('","version":"v"}')]),
    })),
  },
);

describe(`hostile heartbeats on ${engine} (seed ${settings.seed})`, () => {
  it('no heartbeat body stops the controller, other agents or the flush', async () => {
    const world = await openWorld();
    const before = await world.counts();
    const accepted = new Set<string>();
    await fuzz(
      fc.tuple(
        payload,
        fc.boolean(),
        fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain'),
      ),
      async ([{ body, bytes }, routed, type]) => {
        // Early answers take `application/json` with a Content-Length; a cookie sends the same request to the router.
        const headers: Record<string, string> = {
          authorization: `Bearer ${world.agentToken}`,
          'content-type': type,
          ...(routed ? { cookie: 'x=1' } : {}),
        };
        const answer = await world.beat({ method: 'POST', path: '/agents/heartbeat', headers, body: bytes });
        expectSane(world, answer, `heartbeat ${bytes.toString('utf8').slice(0, 200)}`);
        if (answer.status === 202) {
          const id = (body as { id?: unknown } | undefined)?.id;
          if (typeof id === 'string') accepted.add(id);
          else accepted.add(JSON.parse(bytes.toString('utf8')).id);
        }
      },
    );
    await world.services.heartbeats.flush();
    await expectHealthy(world, { ...before, agents: before.agents + accepted.size });
  });
});
