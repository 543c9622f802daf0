import type { FastifyInstance } from 'fastify';
import { typed } from '../../http/typed.js';
import type { Metrics } from './metrics.js';

/** `GET /metrics`: the Prometheus text format, for holders of `analytics:read` (scrapers use a token). */
export function registerMetricsRoutes(server: FastifyInstance, metrics: Metrics): void {
  const app = typed(server);
  app.get(
    '/metrics',
    {
      config: { access: 'analytics:read' },
      schema: {
        tags: ['health'],
        summary:
          'Metrics in the Prometheus text format: requests, heartbeats, caches, leadership, the fleet, the process',
      },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
