import { ESTIMATED_SECONDS, measureAgentList } from './lib/agent-list.mjs';

export const name = 'GET /api/agents over 200k agents (SQLite)';
export const kind = 'figures';
export const target = null;

export function estimateSeconds() {
  return ESTIMATED_SECONDS;
}

export function run() {
  return measureAgentList('sqlite');
}
