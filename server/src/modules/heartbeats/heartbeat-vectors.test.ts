import { readdirSync, readFileSync } from 'node:fs';
import { it } from 'vitest';
import { engine } from '../../../test/harness.js';
import { expectShownAsSent, openHeartbeatContext } from '../../../test/heartbeat-context.js';
import { describeTelegraf } from '../../../test/telegraf-shared.js';

describeTelegraf(`the heartbeat messages of Telegraf's own tests, stored on ${engine}`, (telegraf) => {
  it('are each accepted and shown on their agent as sent', async () => {
    const directory = new URL('heartbeat/', telegraf);
    const cases = readdirSync(directory)
      .filter((name) => name.endsWith('.json'))
      .map((name) => ({
        name,
        body: JSON.parse(readFileSync(new URL(name, directory), 'utf8')) as Record<string, unknown>,
      }));
    await expectShownAsSent(await openHeartbeatContext(), cases);
  });
});
