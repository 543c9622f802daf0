import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';

/**
 * The one way routes are registered: through TypeBox's type provider, so a handler's `request.body`, `query` and
 * `params` have the `Static<>` types of the schemas that validated them, and what it returns is checked against its
 * response schema (ADR 15). `npm run check` refuses casts of request parts in route files.
 */
export function typed(app: FastifyInstance) {
  return app.withTypeProvider<TypeBoxTypeProvider>();
}
export type TypedApp = ReturnType<typeof typed>;
