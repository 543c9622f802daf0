import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import type { ConstantsService } from '../constants/constants.service.js';
import { findVersionToml } from './configs.repo.js';
import { renderTemplate } from './toml/render.js';

/**
 * A version of a configuration rendered as an agent with these parameters would be served it (the global constants
 * filled in), or why it cannot be: for reviews of what a publish or a rollout would change (ADR 27).
 */
export async function renderVersionFor(
  db: Kysely<Database>,
  constants: Pick<ConstantsService, 'values'>,
  configId: string,
  version: number,
  parameters: Readonly<Record<string, string>>,
): Promise<{ toml: string } | { problem: string }> {
  const template = await findVersionToml(db, configId, version);
  if (template === undefined) return { problem: `there is no version ${version}` };
  const result = renderTemplate(template, { parameters, constants: await constants.values() });
  if (result.ok) return { toml: result.toml };
  if (result.missingParameters.length > 0) {
    return { problem: `its URL lacks the parameters ${result.missingParameters.join(', ')}` };
  }
  if (result.undefinedConstants.length > 0) {
    return { problem: `the constants ${result.undefinedConstants.join(', ')} are not defined` };
  }
  return { problem: `some parameter values cannot be written where version ${version} puts them` };
}
