import type { FastifyInstance } from 'fastify';
import { ROLES, roleGrants, isPermission } from '@telegraf-controller/contract/permissions';
import { describe, expect, it } from 'vitest';
import { createTestApp, engine } from '../../test/harness.js';
import { createToken, team } from '../../test/factories.js';
import type { RouteAccess } from './access.js';

/** A URL for the route's pattern (`:id` → `x-id`), and a body that is not even JSON: access is decided before it. */
function requestFor(route: RouteAccess, headers: Record<string, string> = {}) {
  const bodied = route.method !== 'GET' && route.method !== 'HEAD';
  return {
    method: route.method as 'GET',
    url: route.url.replace(/:(\w+)/g, 'x-$1').replace('*', 'x'),
    headers: bodied ? { ...headers, 'content-type': 'application/json' } : headers,
    ...(bodied ? { payload: '{ not json' } : {}),
  };
}

const guarded = (app: FastifyInstance) => app.routeAccess.filter((route) => route.access !== 'public');

describe(`every route's declared access on ${engine} (generated from both listeners' route lists)`, () => {
  it('refuses an anonymous caller on every non-public route of both listeners, before reading the body', async () => {
    const { app, heartbeat } = await createTestApp();
    const routes = [...guarded(app).map((route) => ({ listener: app, route }))];
    routes.push(...guarded(heartbeat).map((route) => ({ listener: heartbeat, route })));
    expect(guarded(app).length).toBeGreaterThan(10);
    expect(guarded(heartbeat).map((route) => route.url)).toContain('/agents/heartbeat');
    for (const { listener, route } of routes) {
      const response = await listener.inject(requestFor(route));
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(401);
      if (route.method !== 'HEAD') {
        expect(response.headers['content-type'], route.url).toContain('application/problem+json');
        expect(response.json().code, `${route.method} ${route.url}`).toBe('unauthorized');
      }
    }
  });

  it('answers 403 to every role on every route needing a permission the role lacks, before reading the body', async () => {
    const { app, database } = await createTestApp();
    const members = await team(app, database);
    let checked = 0;
    for (const role of ROLES) {
      for (const route of guarded(app)) {
        if (!isPermission(route.access) || roleGrants(role, route.access)) continue;
        const response = await app.inject(requestFor(route, members[role].headers));
        expect(response.statusCode, `${role}: ${route.method} ${route.url}`).toBe(403);
        if (route.method !== 'HEAD') expect(response.json().code).toBe('forbidden');
        checked += 1;
      }
    }
    // Viewers lack every write and delete permission; the sweep must have found them.
    expect(checked).toBeGreaterThan(20);
  });

  it('answers 403 on the heartbeat listener to a token that may not send heartbeats', async () => {
    const { app, heartbeat, database } = await createTestApp();
    const members = await team(app, database);
    const readOnly = await createToken(app, members.manager, { preset: 'read-only' });
    const routes = guarded(heartbeat).filter((route) => route.access === 'heartbeat:write');
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      const response = await heartbeat.inject(requestFor(route, { authorization: readOnly.authorization }));
      expect(response.statusCode, `${route.method} ${route.url}`).toBe(403);
      expect(response.json().code).toBe('forbidden');
    }
  });
});
