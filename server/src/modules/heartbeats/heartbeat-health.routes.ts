import type { FastifyInstance } from 'fastify';
import { HeartbeatHealth } from '@telegraf-controller/contract/health';
import { typed } from '../../http/typed.js';
import type { StatusService } from '../status/status.service.js';
import type { TokenCache } from '../tokens/token-cache.js';
import type { TokensService } from '../tokens/tokens.service.js';
import type { HeartbeatsService } from './heartbeats.service.js';

export interface HeartbeatHealthDeps {
  heartbeats: HeartbeatsService;
  status: StatusService;
  tokens: TokensService;
  tokenCache: TokenCache;
  /** False when `heartbeat` is in DISABLED_AUTH_ENDPOINTS: agents need no token then. */
  authEnabled: boolean;
}

/** The worst that is true of the heartbeat service, and what it means for the fleet (ADR 18). */
function verdict(health: Omit<HeartbeatHealth, 'status' | 'message'>): Pick<HeartbeatHealth, 'status' | 'message'> {
  if (!health.database.connected || !health.buffer.writing) {
    return {
      status: 'error',
      message:
        'The heartbeat service cannot reach its database: heartbeats wait in memory and statuses are not updated',
    };
  }
  if (health.service.authEnabled && health.tokens.heartbeatCapable === 0) {
    return {
      status: 'warning',
      message: 'No usable token may send heartbeats: every heartbeat is refused; create one with heartbeat:write',
    };
  }
  const { lastError, lastRunAt, lastSuccessAt } = health.scheduler;
  if (lastError !== null && lastRunAt !== lastSuccessAt) {
    return { status: 'warning', message: 'The last agent status check failed: statuses may be stale' };
  }
  return { status: 'ok', message: 'The heartbeat service is healthy' };
}

/** `GET /api/heartbeat/health`: the heartbeat service's state, for the UI's indicator and for monitoring. */
export function registerHeartbeatHealthRoute(app: FastifyInstance, deps: HeartbeatHealthDeps): void {
  typed(app).get(
    '/api/heartbeat/health',
    {
      config: { access: 'heartbeat:read', group: 'heartbeat' },
      schema: {
        tags: ['heartbeats'],
        summary: 'Whether heartbeats are taken in and stored: database, tokens, write buffer, status passes',
        response: { 200: HeartbeatHealth },
      },
    },
    async () => {
      const [connected, heartbeatCapable] = await Promise.all([
        deps.status.isReady(),
        deps.tokens.countUsable('heartbeat:write').catch(() => 0),
      ]);
      const health = {
        service: { running: true, authEnabled: deps.authEnabled },
        database: { connected },
        tokens: { cached: deps.tokenCache.size(), heartbeatCapable },
        buffer: {
          pending: deps.heartbeats.pending(),
          dropped: deps.heartbeats.dropped(),
          writing: deps.heartbeats.healthy(),
        },
        scheduler: { leader: deps.status.isLeader(), ...deps.status.passes() },
      };
      return { ...verdict(health), ...health };
    },
  );
}
