import { measureHeartbeatIngest } from './lib/heartbeat-ingest.mjs';
import { ratioTarget } from './lib/outcome.mjs';

export const name = 'POST /agents/heartbeat (PostgreSQL)';
export const target = ratioTarget(0.4, 'bare node:http 204');

export function run(settings) {
  return measureHeartbeatIngest(settings, 'postgres');
}
