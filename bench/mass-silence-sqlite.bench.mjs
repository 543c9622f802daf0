import { estimateSeconds as estimate, fleetLabel, measureMassSilence } from './lib/mass-silence.mjs';

export const name = `Mass silence: ${fleetLabel()} agents go quiet at once (SQLite)`;
export const kind = 'figures';
export const target = null;

export function estimateSeconds() {
  return estimate();
}

export function run() {
  return measureMassSilence('sqlite');
}
