import { AppError } from '../../http/errors.js';
import type { ConfigRenderer, ServedToml } from '../configs/config-rendering.js';
import type { ConfigsService } from '../configs/configs.service.js';
import { fingerprint, type RenderCache } from '../configs/render-cache.js';
import type { ConfigGroupsService } from './config-groups.service.js';

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
    async render(groupId: string, parameters: Record<string, string>): Promise<ServedToml> {
      const key = `group\u0000${groupId}\u0000${JSON.stringify(Object.entries(parameters).sort())}`;
      const hit = cache.get(key);
      if (hit !== undefined) return hit as ServedToml;
      const group = await groups.get(groupId);
      const parts: string[] = [];
      const missing = new Set<string>();
      const undefinedConstants = new Set<string>();
      for (const configId of group.configIds) {
        const config = await configs.get(configId);
        try {
          const served = await renderer.render(configId, parameters);
          parts.push(`# — from: ${config.name} (${config.id.slice(0, 8)}…) —\n${served.body.toString('utf8')}`);
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
      const served = { ...fingerprint(Buffer.from(parts.join('\n'))), filename: `${group.name}.toml` };
      cache.set(key, served);
      return served;
    },
  };
}
export type GroupRenderer = ReturnType<typeof createGroupRenderer>;
