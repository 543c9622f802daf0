import { estimateSeconds as estimate, measureCluster } from './lib/cluster.mjs';

export const name = 'Three nodes behind nginx (PostgreSQL)';
export const kind = 'figures';
export const target = null;

export const estimateSeconds = estimate;

export function run(settings) {
  return measureCluster(settings);
}
