import { estimateSeconds as estimate, measureAuditCost } from './lib/audit-cost.mjs';

export const name = 'Audit log cost: saves, token creations, heartbeats (SQLite)';
export const kind = 'figures';
export const target = null;

export function estimateSeconds(settings) {
  return estimate(settings);
}

export function run(settings) {
  return measureAuditCost(settings, 'sqlite');
}
