import { ratioTarget } from './lib/outcome.mjs';
import { measureTomlServing } from './lib/toml-serving.mjs';

export const name = 'HEAD TOML (20 KB, 5 parameters, token)';
// Telegraf's config watcher polls with HEAD and compares Last-Modified; same target as GET.
export const target = ratioTarget(0.8);

export function run(settings) {
  return measureTomlServing(settings, 'HEAD');
}
