import { ESTIMATED_SECONDS, measureStatusPasses } from './lib/status-pass.mjs';

export const name = 'Status pass over 200k agents (SQLite)';
export const kind = 'figures';
export const target = null;

export function estimateSeconds() {
  return ESTIMATED_SECONDS;
}

export function run() {
  return measureStatusPasses('sqlite');
}
