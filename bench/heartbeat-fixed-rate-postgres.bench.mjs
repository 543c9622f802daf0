import { measureFixedRate, measuredSeconds, WARMUP_SECONDS } from './lib/heartbeat-fixed-rate.mjs';

export const name = '1,700 heartbeats/s over 100k agents (PostgreSQL)';
export const kind = 'figures';
export const target = null;

export function estimateSeconds(settings) {
  return WARMUP_SECONDS + measuredSeconds(settings);
}

export function run(settings) {
  return measureFixedRate(settings, 'postgres');
}
