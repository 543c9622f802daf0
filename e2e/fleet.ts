import type { AgentList } from '@telegraf-controller/contract/agents';
import type { TokenCreated } from '@telegraf-controller/contract/tokens';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { BrowserSuite } from './browser.js';

export type Heartbeat = { id: string; hostname?: string; status: 'OK' | 'WARN' | 'FAIL' } & Record<string, unknown>;
type AsOwner = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** Agents of one suite: heartbeats sent the way Telegraf sends them, with one token of the telegraf-agent preset. */
export function fleetOf(suite: BrowserSuite, asOwner: AsOwner) {
  let agentToken: string | undefined;

  /**
   * Sends the heartbeats and waits until the API lists every agent they name (they are written behind the answer).
   * They come with the fleet's token ("fleet agents") unless `token` gives another value.
   */
  async function sendHeartbeats(heartbeats: Heartbeat[], { token }: { token?: string } = {}): Promise<void> {
    const bearer =
      token ??
      (agentToken ??= (
        await asOwner<TokenCreated>('POST', '/api/tokens', { name: 'fleet agents', preset: 'telegraf-agent' })
      ).token);
    const port = (suite.controller.listeners.heartbeat.server.address() as AddressInfo).port;
    for (const heartbeat of heartbeats) {
      const response = await fetch(`http://127.0.0.1:${port}/agents/heartbeat`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${bearer}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ version: 'Telegraf 1.37.0', schema: 1, ...heartbeat }),
      });
      expect(response.status, await response.text()).toBe(202);
    }
    const ids = heartbeats.map((heartbeat) => heartbeat.id).sort();
    await expect
      .poll(
        async () =>
          (await asOwner<AgentList>('GET', '/api/agents?limit=500')).items
            .map((agent) => agent.id)
            .filter((id) => ids.includes(id))
            .sort(),
        { timeout: 10_000 },
      )
      .toEqual(ids);
  }

  return { sendHeartbeats };
}
