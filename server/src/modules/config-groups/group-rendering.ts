import { AppError } from '../../http/errors.js';
import type { ConfigRenderer } from '../configs/config-rendering.js';
import type { ConfigsService } from '../configs/configs.service.js';
import {
  fingerprint,
  renderKey,
  usedParameters,
  type RenderCache,
  type ServedFetch,
  type ServedToml,
} from '../configs/render-cache.js';
import type { ConfigVersionRef } from '../configs/served-versions.js';
import { sourceComment, type ConfigGroupsService } from './config-groups.service.js';

/**
 * A group is served as one file: each member rendered with the same parameters and constants, in order, each
 * under a comment naming its source. Missing parameters and undefined constants are listed for all members at once.
 */
export function createGroupRenderer(
  groups: ConfigGroupsService,
  configs: ConfigsService,
  renderer: ConfigRenderer,
  cache: RenderCache,
) {
  return {
    /** The configuration renderer's: a group's fetch is recorded per member. */
    fetches: renderer.fetches,
    async render(groupId: string, parameters: Record<string, string>): Promise<ServedToml> {
      const target = `group:${groupId}`;
      const known = cache.parametersOf(target);
      if (known !== undefined) {
        const hit = cache.get(renderKey(target, usedParameters(parameters, known)));
        if (hit !== undefined) return hit;
      }
      const readSince = cache.generation();
      const group = await groups.get(groupId);
      const parts: string[] = [];
      const uses = new Set<string>();
      const missing = new Set<string>();
      const undefinedConstants = new Set<string>();
      const fetch: ServedFetch & { versions: ConfigVersionRef[] } = { identity: null, versions: [], groupId };
      for (const configId of group.configIds) {
        const config = await configs.get(configId);
        try {
          const served = await renderer.render(configId, parameters);
          for (const name of served.parameters) uses.add(name);
          fetch.identity ??= served.fetch.identity;
          fetch.versions.push(...served.fetch.versions);
          parts.push(`${sourceComment(config)}\n${served.body.toString('utf8')}`);
        } catch (error) {
          if (!(error instanceof AppError)) throw error;
          const names = (error.extras.missing as string[] | undefined) ?? [];
          if (error.code === 'missing_parameters') names.forEach((name) => missing.add(name));
          else if (error.code === 'undefined_constants') names.forEach((name) => undefinedConstants.add(name));
          else throw error;
        }
      }
      if (missing.size > 0) {
        const names = [...missing].sort();
        throw new AppError('missing_parameters', `Add these parameters to the URL query: ${names.join(', ')}`, {
          missing: names,
        });
      }
      if (undefinedConstants.size > 0) {
        const names = [...undefinedConstants].sort();
        throw new AppError('undefined_constants', `Define these constants first: ${names.join(', ')}`, {
          missing: names,
        });
      }
      const served = {
        ...fingerprint(Buffer.from(parts.join('\n'))),
        filename: `${group.name}.toml`,
        parameters: uses,
        kind: 'group' as const,
        configVersion: null,
        fetch,
      };
      cache.setParameters(target, uses, readSince);
      cache.set(renderKey(target, usedParameters(parameters, uses)), served, readSince);
      return served;
    },
  };
}
export type GroupRenderer = ReturnType<typeof createGroupRenderer>;
