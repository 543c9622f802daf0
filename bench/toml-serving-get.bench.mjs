import { ratioTarget } from './lib/outcome.mjs';
import { measureTomlServing } from './lib/toml-serving.mjs';

export const name = 'GET TOML (20 KB, 5 parameters, token)';
// The spec's target for serving configurations: at least 80 % of a bare node:http server serving the same bytes.
export const target = ratioTarget(0.8);

export function run(settings) {
  return measureTomlServing(settings, 'GET');
}
