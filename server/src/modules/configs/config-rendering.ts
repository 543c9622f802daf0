import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import type { ConstantsService } from '../constants/constants.service.js';
import { findConfigRow, findVersionToml } from './configs.repo.js';
import type { FetchRecorder } from './fetch-recorder.js';
import { fingerprint, renderKey, usedParameters, type RenderCache, type ServedToml } from './render-cache.js';
import { identityParameterOf } from './toml/identity-parameter.js';
import { renderTemplate } from './toml/render.js';
import { createStagedServing, type StagedServing } from './staged-serving.js';

export interface ConfigRenderer {
  render(configId: string, parameters: Record<string, string>): Promise<ServedToml>;
  /** Where results are kept (shared with the group renderer): cache hits are answered before routing from it. */
  cache: RenderCache;
  /** Where what was served to whom is noted (the TOML routes and the early path). */
  fetches: FetchRecorder;
}

/**
 * The TOML an agent loads: parameters from its URL and the global constants filled in, `${…}` and `@{…}` left for
 * Telegraf, of the version staged serving decides (ADR 27: the published one, a pinned one, or a rollout's). Results are cached per (configuration, the parameters it uses); every change that can alter them clears
 * the cache.
 */
export function createConfigRenderer(
  db: Kysely<Database>,
  constants: ConstantsService,
  cache: RenderCache,
  fetches: FetchRecorder,
  staged: StagedServing = createStagedServing(db, cache),
): ConfigRenderer {
  return {
    cache,
    fetches,
    async render(configId, parameters) {
      const target = `config:${configId}`;
      const known = cache.parametersOf(target);
      if (known !== undefined) {
        const hit = cache.get(renderKey(target, usedParameters(parameters, known)));
        if (hit !== undefined) return hit;
      }
      const readSince = cache.generation();
      const decision = await staged.decide(configId, parameters);
      const row = await findConfigRow(db, configId);
      if (row === undefined || decision === undefined) throw new AppError('not_found', 'No such configuration');
      const { version } = decision;
      const toml = version === row.version ? row.toml : await findVersionToml(db, configId, version);
      if (toml === undefined) throw new AppError('not_found', 'No such configuration');
      const result = renderTemplate(toml, { parameters, constants: await constants.values() });
      if (!result.ok) throw renderFailure(result);
      // While a rollout decides by the agent, the parameter naming it is one the answer is cached by.
      const uses = decision.identity === undefined ? result.uses : new Set([...result.uses, decision.identity]);
      const served = {
        ...fingerprint(Buffer.from(result.toml)),
        filename: `${row.name}.toml`,
        parameters: uses,
        kind: 'config' as const,
        configVersion: { configId: row.id, version },
        fetch: {
          identity: decision.identity ?? identityParameterOf(toml) ?? null,
          versions: [{ configId: row.id, version }],
          groupId: null,
        },
      };
      cache.setParameters(target, uses, readSince);
      cache.set(renderKey(target, usedParameters(parameters, uses)), served, readSince);
      return served;
    },
  };
}

type RenderFailure = Extract<ReturnType<typeof renderTemplate>, { ok: false }>;

function renderFailure(result: RenderFailure): AppError {
  if (result.missingParameters.length > 0) {
    return new AppError(
      'missing_parameters',
      `Add these parameters to the URL query: ${result.missingParameters.join(', ')}`,
      { missing: result.missingParameters },
    );
  }
  if (result.undefinedConstants.length > 0) {
    return new AppError(
      'undefined_constants',
      `Define these constants first: ${result.undefinedConstants.join(', ')}`,
      {
        missing: result.undefinedConstants,
      },
    );
  }
  return new AppError('validation_failed', 'Some parameter values cannot be written where the template puts them', {
    errors: result.unrepresentable.map(({ name, reason }) => ({
      pointer: `/${name}`,
      message: `${reason} (in query)`,
    })),
  });
}
