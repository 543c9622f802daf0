import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { pageHeaders } from '../../http/security-headers.js';
import { typed } from '../../http/typed.js';

const require = createRequire(import.meta.url);
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

const INIT_SCRIPT = `window.ui = SwaggerUIBundle({
  url: '/api/docs/openapi.json',
  dom_id: '#reference',
  deepLinking: true,
  withCredentials: true,
  requestInterceptor: (request) => { request.headers['X-Requested-With'] = 'XMLHttpRequest'; return request; },
});
`;

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Telegraf Controller API reference</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
<div id="reference"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/init.js"></script>
</body>
</html>
`;

/** `/api/docs`: the interactive reference over the generated OpenAPI document (JSON and YAML). */
export function registerDocsRoutes(server: FastifyInstance): void {
  const app = typed(server);
  const hidden = { hide: true } as Record<string, unknown>;
  const files = new Map<string, Buffer>(
    Object.keys(ASSETS).map((name) => [name, readFileSync(join(SWAGGER_UI_DIR, name))]),
  );
  files.set('init.js', Buffer.from(INIT_SCRIPT));

  app.get(
    '/api/docs',
    { config: { access: 'authenticated' }, schema: { tags: ['docs'], summary: 'Interactive API reference' } },
    async (_request, reply) => reply.type('text/html; charset=utf-8').headers(pageHeaders()).send(PAGE),
  );
  app.get(
    '/api/docs/openapi.json',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['docs'], summary: 'The OpenAPI 3.1 document (JSON)' },
    },
    async (_request, reply) => reply.type('application/json; charset=utf-8').send(JSON.stringify(app.swagger())),
  );
  app.get(
    '/api/docs/openapi.yaml',
    {
      config: { access: 'authenticated' },
      schema: { tags: ['docs'], summary: 'The OpenAPI 3.1 document (YAML)' },
    },
    async (_request, reply) => reply.type('application/yaml; charset=utf-8').send(app.swagger({ yaml: true })),
  );
  app.get(
    '/api/docs/assets/:file',
    {
      // The reference's own script and style sheet are public library files; the document itself is not.
      config: { access: 'public' },
      schema: { ...hidden, params: Type.Object({ file: Type.String({ maxLength: 64 }) }) },
    },
    async (request, reply) => {
      const { file } = request.params;
      const body = files.get(file);
      if (body === undefined) return reply.callNotFound();
      const type = file === 'init.js' ? 'text/javascript; charset=utf-8' : ASSETS[file]!;
      return reply.type(type).header('cache-control', 'public, max-age=86400').send(body);
    },
  );
}
