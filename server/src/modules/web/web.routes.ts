import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../http/errors.js';
import { pageHeaders } from '../../http/security-headers.js';
import { typed } from '../../http/typed.js';
import type { WebAsset } from './web.assets.js';

export interface WebRoutesOptions {
  /** Undefined when the UI has not been built. */
  assets: Map<string, WebAsset> | undefined;
  /** On the separate UI listener: the API base URL the page must call, computed per request (undefined: none). */
  apiBase?: (request: FastifyRequest) => string | undefined;
}

/** Paths the single-page app never owns: their unknown routes answer problem+json, not the UI. */
const SERVER_PREFIXES = ['/api/', '/health/', '/c/'];

/**
 * The built web UI at `/`, with client-side routing: a path that is neither a file nor a server route gets
 * index.html, so a deep link still works after a reload.
 */
export function registerWebRoutes(server: FastifyInstance, { assets, apiBase }: WebRoutesOptions): void {
  const app = typed(server);
  app.get('/*', { config: { access: 'public' }, schema: { hide: true } as object }, async (request, reply) => {
    const path = decodePath(request.url);
    if (path === '/api' || path === '/health' || SERVER_PREFIXES.some((prefix) => path.startsWith(prefix))) {
      return reply.callNotFound();
    }
    if (assets === undefined) {
      throw new AppError('not_ready', 'The web UI has not been built: run "npm run build" (npm start does it)');
    }
    const asset = assets.get(path);
    if (asset !== undefined && path !== '/index.html') return sendAsset(request, reply, asset);
    if (/\.[a-z0-9]+$/i.test(path)) return reply.callNotFound();
    const index = assets.get('/index.html')!;
    if (apiBase === undefined) return sendAsset(request, reply, index);
    const base = apiBase(request);
    if (base === undefined) throw new AppError('host_not_allowed', 'The Host header does not name a host');
    const meta = `<meta name="tc-api-base" content="${escapeAttribute(base)}">`;
    const html = index.body.toString('utf8').replace('<head>', `<head>\n    ${meta}`);
    // The page calls the API on its own origin: the policy lets it.
    reply.headers(pageHeaders(new URL(base).origin));
    return reply.type(index.type).header('cache-control', 'no-cache').send(html);
  });
}

function sendAsset(request: FastifyRequest, reply: FastifyReply, asset: WebAsset): FastifyReply {
  if (asset.type.startsWith('text/html')) reply.headers(pageHeaders());
  reply.type(asset.type).header('etag', asset.etag);
  reply.header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  return reply.send(asset.body);
}

function decodePath(url: string): string {
  const raw = url.split('?')[0] ?? '/';
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}
