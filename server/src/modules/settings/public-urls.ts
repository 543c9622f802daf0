import type { FastifyRequest } from 'fastify';
import { AppError } from '../../http/errors.js';
import { safeBaseUrl } from '../../lib/urls.js';
import type { SettingsService } from './settings.service.js';

/**
 * The origin the caller used (`X-Forwarded-Proto`/`-Host` when `TRUST_PROXY` believes the proxy), rebuilt from safe
 * parts: a Host header is the caller's to write, and these URLs go into links and shell commands.
 */
function requestOrigin(request: FastifyRequest, host = request.host): string {
  const origin = safeBaseUrl(`${request.protocol}://${host}`);
  if (origin === undefined) {
    throw new AppError('validation_failed', 'The Host header does not name a host; set the public URLs in Settings', {
      errors: [{ pointer: '/host', message: 'must be a host name or address (in header)' }],
    });
  }
  return origin;
}

/** Links for people (invites, resets): Settings → User Interface URL, else the origin the caller used. */
export async function publicUiBase(settings: SettingsService, request: FastifyRequest): Promise<string> {
  return (await settings.get()).publicUiUrl ?? requestOrigin(request);
}

/** The URL agents load configurations from: Settings → API URL, else the origin the caller used. */
export async function publicApiBase(settings: SettingsService, request: FastifyRequest): Promise<string> {
  return (await settings.get()).publicApiUrl ?? requestOrigin(request);
}

/** Where agents send heartbeats: Settings → Heartbeat URL, else this host on the heartbeat port. */
export async function publicHeartbeatBase(
  settings: SettingsService,
  request: FastifyRequest,
  heartbeatPort: number,
): Promise<string> {
  return (await settings.get()).publicHeartbeatUrl ?? requestOrigin(request, `${request.hostname}:${heartbeatPort}`);
}
