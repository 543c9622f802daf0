import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import {
  ENDPOINT_GROUPS,
  isPermission,
  type EndpointGroup,
  type Permission,
  type Role,
} from '@telegraf-controller/contract/permissions';
import { AppError } from './errors.js';

/**
 * Access is data on every route: `config: { access: 'configs:read', group: 'configs' }`, `'authenticated'` or
 * `'public'`. A route without it stops start-up. The check runs in `onRequest`, before the body is read.
 */
export type Access = 'public' | 'authenticated' | Permission;

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** The endpoint group `--disable-auth-endpoints` may open for this route. */
    group?: EndpointGroup;
    /** A session that must enrol a second factor first may call it (who am I, the enrolment itself). */
    whileEnrolling?: boolean;
  }
  interface FastifyRequest {
    identity: Identity | null;
  }
  interface FastifyInstance {
    /** Every route with its declared access, in registration order: the source of the anonymous-caller test. */
    routeAccess: RouteAccess[];
  }
}

export interface RouteAccess {
  method: string;
  url: string;
  access: Access;
  group: EndpointGroup | undefined;
}

export interface Identity {
  userId: string;
  username: string;
  role: Role;
  /** What this request may do: the role's grants, narrowed further for a token. */
  permissions: ReadonlySet<Permission>;
  via: 'session' | 'token';
  /** The caller's own details, as loaded with the credential (no second lookup for /api/auth/me). */
  profile: { email: string; displayName: string | null; createdAt: string };
  token?: { id: string; name: string };
  /** A session whose role requires a second factor the user has not enrolled: it holds no permission until then. */
  secondFactorPending?: true;
}

/** Resolves the caller from the request's credential, or returns null when it carries none of this kind.
 * A credential that is present but bad throws `AppError` with the 401 code that says why. */
export type Authenticator = (request: FastifyRequest) => Promise<Identity | null>;

/** An authenticator that can also decide from memory alone (see `identifyFromMemory` in token-auth). */
export interface MemoryAuthenticator extends Authenticator {
  /**
   * The identity behind this `Authorization` header when memory alone shows it is good (its use then recorded as
   * the authenticator records it); undefined whenever only the full check can tell. `connection` is the socket the
   * request came on, which may keep what it sent last.
   */
  identifyFromMemory(authorization: string, ip: string, connection: object): Identity | undefined;
}

/** The access check below, answered from memory before Fastify routes a request (see `answerEarly`). */
export interface EarlyAccess {
  /**
   * The caller when the `onRequest` check would let this request through (null: anyone, on an opened route), or
   * undefined when it would not or memory cannot tell.
   */
  admit(request: IncomingMessage, route: RouteAccess): Identity | null | undefined;
}

export interface AccessControl {
  authenticators: readonly Authenticator[];
  openGroups: readonly EndpointGroup[];
  /** What a caller without any credential is told (the heartbeat listener keeps Telegraf's documented text). */
  anonymousDetail?: string;
  /** The client's address, as `request.ip` gives it to routes (see `http/client-address.ts`). */
  clientIp: (request: IncomingMessage) => string | null;
}

export function checkRouteAccess(route: Pick<RouteOptions, 'method' | 'url' | 'config'>): void {
  const config = route.config as { access?: unknown; group?: unknown } | undefined;
  const name = `${String(route.method)} ${route.url}`;
  const access = config?.access;
  if (access === undefined) throw new Error(`route ${name} declares no access (config.access)`);
  if (access !== 'public' && access !== 'authenticated' && !(typeof access === 'string' && isPermission(access))) {
    throw new Error(`route ${name} declares unknown access "${String(access)}"`);
  }
  const group = config?.group;
  if (group !== undefined && !(ENDPOINT_GROUPS as readonly unknown[]).includes(group)) {
    throw new Error(`route ${name} declares unknown endpoint group "${String(group)}"`);
  }
}

export function registerAccessControl(app: FastifyInstance, control: AccessControl): void {
  app.decorateRequest('identity', null);
  const table: RouteAccess[] = [];
  app.decorate('routeAccess', table);
  app.addHook('onRoute', (route) => {
    // HEAD twins of GET routes carry the config of the route they come from.
    checkRouteAccess(route);
    const { access, group } = route.config as { access: Access; group?: EndpointGroup };
    for (const method of [route.method].flat()) table.push({ method, url: route.url, access, group });
  });
  app.addHook('onRequest', async (request) => {
    const { access, group } = request.routeOptions.config;
    if (access === undefined || access === 'public') return;
    if (isOpened(group, control)) {
      // Open to anyone; a caller who does send a good credential is still known (e.g. as a version's author).
      request.identity = await identify(request, control.authenticators).catch(() => null);
      return;
    }
    request.identity = await identify(request, control.authenticators);
    if (request.identity === null) {
      throw new AppError(
        'unauthorized',
        control.anonymousDetail ?? 'Sign in, or send an API token as "Authorization: Bearer <token>"',
      );
    }
    if (request.identity.secondFactorPending && !request.routeOptions.config.whileEnrolling) {
      throw new AppError(
        'second_factor_enrolment_required',
        'Your role requires a second factor: set one up (Account → Two-factor authentication) before anything else',
      );
    }
    if (!holds(request.identity, access)) {
      throw new AppError('forbidden', `This action needs the ${access} permission`);
    }
  });
}

const isOpened = (group: EndpointGroup | undefined, control: AccessControl) =>
  group !== undefined && control.openGroups.includes(group);

const holds = (identity: Identity, access: Exclude<Access, 'public'>) =>
  access === 'authenticated' || identity.permissions.has(access);

/**
 * The rules of the check above, applied from memory. A token counts only when the memory-capable token
 * authenticator comes first, so that it alone decides whenever `Authorization` is sent, as it does in `identify`.
 * Credentials travel in `Authorization` or a cookie: a request with neither is anonymous to every authenticator,
 * and one with a cookie is left to the session check, which may refresh or end the session.
 */
export function earlyAccess(control: AccessControl): EarlyAccess {
  const first = control.authenticators[0] as Partial<MemoryAuthenticator> | undefined;
  const tokens = typeof first?.identifyFromMemory === 'function' ? (first as MemoryAuthenticator) : undefined;
  return {
    admit(request, { access, group }) {
      if (access === 'public') return null;
      const { authorization, cookie } = request.headers;
      if (cookie !== undefined) return undefined;
      if (authorization === undefined) return isOpened(group, control) ? null : undefined;
      const ip = control.clientIp(request);
      if (tokens === undefined || ip === null) return undefined;
      const identity = tokens.identifyFromMemory(authorization, ip, request.socket);
      if (identity === undefined) return undefined;
      return isOpened(group, control) || holds(identity, access) ? identity : undefined;
    },
  };
}

async function identify(request: FastifyRequest, authenticators: readonly Authenticator[]): Promise<Identity | null> {
  for (const authenticate of authenticators) {
    const identity = await authenticate(request);
    if (identity !== null) return identity;
  }
  return null;
}

/** How a route's access reads in the OpenAPI document. */
export function describeAccess(access: Access, group: EndpointGroup | undefined): string {
  const base =
    access === 'public'
      ? 'Public: no credential needed.'
      : access === 'authenticated'
        ? 'Any signed-in user or API token.'
        : `Requires the \`${access}\` permission (session or API token).`;
  return group === undefined ? base : `${base} Opened to anyone when \`${group}\` is in DISABLED_AUTH_ENDPOINTS.`;
}
