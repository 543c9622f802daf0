import type { FastifyRequest } from 'fastify';
import type { SettingsService } from './settings.service.js';

/** Links for people (invites, resets): Settings → User Interface URL, else the origin the caller used. */
export async function publicUiBase(settings: SettingsService, request: FastifyRequest): Promise<string> {
  return (await settings.get()).publicUiUrl ?? `${request.protocol}://${request.host}`;
}
