import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { describeTelegraf } from '../../../test/telegraf-shared.js';
import { parseHeartbeat } from './heartbeat-message.js';

describeTelegraf("the heartbeat messages of Telegraf's own tests", (telegraf) => {
  const directory = new URL('heartbeat/', telegraf);
  const vectors = readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .map((name) => ({
      name,
      body: JSON.parse(readFileSync(new URL(name, directory), 'utf8')) as Record<string, unknown>,
    }));

  it('are all there', () => {
    expect(vectors.length).toBeGreaterThanOrEqual(17);
  });

  for (const { name, body } of vectors) {
    it(`${name} is accepted as sent`, () => {
      const heartbeat = parseHeartbeat(body);
      expect(heartbeat.id).toBe(body.id);
      expect(heartbeat.version).toBe(body.version);
      if (body.status) expect(heartbeat.status).toBe(String(body.status).toLowerCase());
      if (body.configurations) expect(heartbeat.configurations).toEqual(body.configurations);
      if (body.statistics) expect(heartbeat.statistics).toEqual(body.statistics);
      if (body.logs) expect(heartbeat.logs?.length).toBe((body.logs as unknown[]).length);
    });
  }
});
