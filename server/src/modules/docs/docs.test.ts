import SwaggerParser from '@apidevtools/swagger-parser';
import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../../../test/harness.js';

type Operation = { 'x-access'?: string; security?: unknown[]; description?: string };

describe('OpenAPI document', () => {
  it('is valid OpenAPI 3 and lists every route with its access requirement', async () => {
    const { app } = await createTestApp();
    const document = app.swagger() as { openapi: string; paths: Record<string, Record<string, Operation>> };
    expect(document.openapi).toMatch(/^3\./);
    await SwaggerParser.validate(structuredClone(document) as never);

    const documented = new Set<string>();
    for (const [path, operations] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        documented.add(`${method.toUpperCase()} ${path}`);
        expect(operation['x-access'], `${method} ${path}`).toMatch(/^(public|authenticated|[a-z-]+:[a-z]+)$/);
        expect(operation.description).toMatch(/Public|signed-in|permission/);
      }
    }
    for (const route of ['GET /health/live', 'GET /health/ready', 'GET /health/leader', 'GET /api/version']) {
      expect(documented).toContain(route);
    }
    expect(document.paths['/api/docs/openapi.json']?.get?.['x-access']).toBe('authenticated');
    expect(document.paths['/health/live']?.get?.security).toEqual([]);
  });

  it('has a YAML twin that says the same', async () => {
    const { app } = await createTestApp();
    expect(parseYaml(app.swagger({ yaml: true }) as unknown as string)).toEqual(
      JSON.parse(JSON.stringify(app.swagger())),
    );
  });

  it('serves the reference assets publicly but the document only to a signed-in caller', async () => {
    const { app } = await createTestApp();
    const asset = await app.inject({ method: 'GET', url: '/api/docs/assets/swagger-ui-bundle.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect((await app.inject({ method: 'GET', url: '/api/docs/assets/../../package.json' })).statusCode).toBe(404);
    expect((await app.inject({ method: 'GET', url: '/api/docs/openapi.json' })).statusCode).toBe(401);
  });
});
