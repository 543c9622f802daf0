import type { FastifyRequest } from 'fastify';
import type { SettingsService } from './settings.service.js';

/** Links for people (invites, resets): Settings → User Interface URL, else the origin the caller used. */
export async function publicUiBase(settings: SettingsService, request: FastifyRequest): Promise<string> {
  return (await settings.get()).publicUiUrl ?? `${request.protocol}://${request.host}`;
}

/** The URL agents load configurations from: Settings → API URL, else the origin the caller used. */
export async function publicApiBase(settings: SettingsService, request: FastifyRequest): Promise<string> {
  return (await settings.get()).publicApiUrl ?? `${request.protocol}://${request.host}`;
}

/** Where agents send heartbeats: Settings → Heartbeat URL, else this host on the heartbeat port. */
export async function publicHeartbeatBase(
  settings: SettingsService,
  request: FastifyRequest,
  heartbeatPort: number,
): Promise<string> {
  return (await settings.get()).publicHeartbeatUrl ?? `${request.protocol}://${request.hostname}:${heartbeatPort}`;
}
