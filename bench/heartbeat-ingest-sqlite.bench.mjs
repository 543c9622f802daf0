import { measureHeartbeatIngest } from './lib/heartbeat-ingest.mjs';
import { ratioTarget } from './lib/outcome.mjs';

export const name = 'POST /agents/heartbeat (SQLite)';
export const target = ratioTarget(0.5, 'bare node:http 204');

/** Both sides' rounds, plus the first lap of 100,000 heartbeats that creates the fleet (20 s) and its storing. */
export const estimateSeconds = (settings) => 2 * (settings.warmupSeconds + settings.durationSeconds) + 30;

export function run(settings) {
  return measureHeartbeatIngest(settings, 'sqlite');
}
