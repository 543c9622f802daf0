import type { FastifyInstance } from 'fastify';
import { ErrorPatternList, ErrorPatternListQuery } from '@telegraf-controller/contract/error-patterns';
import { typed } from '../../http/typed.js';
import type { ErrorPatternsService } from './error-patterns.service.js';

export function registerErrorPatternsRoutes(server: FastifyInstance, patterns: ErrorPatternsService): void {
  const app = typed(server);
  app.get(
    '/api/error-patterns',
    {
      config: { access: 'agents:read', group: 'agents' },
      schema: {
        tags: ['agents'],
        summary:
          'Errors and warnings across the fleet, grouped by plugin and masked message: agents affected, first and last seen, a sample',
        querystring: ErrorPatternListQuery,
        response: { 200: ErrorPatternList },
      },
    },
    async (request) => patterns.list(request.query),
  );
}
