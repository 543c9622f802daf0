import type { FastifyInstance } from 'fastify';
import { auditActorOf, type AuditEvent, type AuditLog } from './audit.service.js';

/** The most (caller, route) pairs a window holds; past it the window is written early. */
const MAX_PENDING = 10_000;

/**
 * Refused requests (403) of signed-in users and tokens: at most one entry per caller, route and window (a minute by
 * default), with how many there were, written best-effort when the window ends (and at shutdown).
 */
export function createDenialRecorder(audit: AuditLog, windowMs: number) {
  const pending = new Map<string, { event: AuditEvent; window: number; count: number }>();
  let flushing: Promise<void> | undefined;
  const writeDue = async (all: boolean) => {
    const current = Math.floor(Date.now() / windowMs);
    for (const [key, { event, window, count }] of pending) {
      if (!all && window >= current) continue;
      pending.delete(key);
      const since = new Date(window * windowMs).toISOString();
      await audit.recordBestEffort({ ...event, details: { ...event.details, count, since } });
    }
  };
  /** One flush at a time: a caller arriving meanwhile waits for it, then flushes what is left. */
  const flush = async (all: boolean): Promise<void> => {
    while (flushing !== undefined) await flushing;
    flushing = writeDue(all).finally(() => (flushing = undefined));
    await flushing;
  };
  const timer = setInterval(() => void flush(false), windowMs);
  timer.unref();
  return {
    /** Answers 403 to signed-in callers are counted, on both listeners. */
    register(app: FastifyInstance) {
      app.addHook('onResponse', async (request, reply) => {
        if (reply.statusCode !== 403 || request.identity === null || !audit.enabled) return;
        const actor = auditActorOf(request.identity);
        // The route's pattern, never the path: codes travel in some paths.
        const route = `${request.method} ${request.routeOptions.url ?? '(no route)'}`;
        const window = Math.floor(Date.now() / windowMs);
        const key = `${actor.type}\u0000${actor.id}\u0000${route}\u0000${window}`;
        const seen = pending.get(key);
        if (seen !== undefined) {
          seen.count += 1;
          return;
        }
        pending.set(key, {
          window,
          count: 1,
          event: {
            action: 'request.denied',
            outcome: 'denied',
            actor,
            ip: request.ip.slice(0, 64),
            userAgent: request.headers['user-agent']?.slice(0, 512) ?? null,
            target: { type: 'route', id: route.slice(0, 256), name: null },
            details: {},
          },
        });
        if (pending.size > MAX_PENDING && flushing === undefined) await flush(true);
      });
    },
    flush: () => flush(true),
    async stop() {
      clearInterval(timer);
      await flush(true);
    },
  };
}
export type DenialRecorder = ReturnType<typeof createDenialRecorder>;
