/**
 * Heartbeat bodies as Telegraf's `outputs.heartbeat` writes them, built here from schema 1 (not copied from
 * Telegraf's test data): `include` picks the optional parts the way the plugin's `include` option does.
 */
export type Include = 'hostname' | 'statistics' | 'status' | 'configurations' | 'logs';

export interface HeartbeatShape {
  /** What a test case is called. */
  name: string;
  include: readonly Include[];
  /** Extra top-level fields: `last` after a refused beat, a later `schema`. */
  extra?: Record<string, unknown>;
  /** How many log entries, of every level in turn (default 3). */
  logCount?: number;
}

const LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'] as const;

/** Every shape the plugin sends: nothing optional, each part alone, everything, and the resend after a failure. */
export const HEARTBEAT_SHAPES: readonly HeartbeatShape[] = [
  { name: 'minimal', include: [] },
  { name: 'hostname', include: ['hostname'] },
  { name: 'statistics', include: ['statistics'] },
  { name: 'status', include: ['status'] },
  { name: 'configurations', include: ['configurations'] },
  { name: 'logs', include: ['logs'] },
  { name: 'all', include: ['hostname', 'statistics', 'status', 'configurations', 'logs'] },
  { name: 'many-logs', include: ['logs'], logCount: 250 },
  { name: 'after-a-failure', include: ['statistics', 'logs'], extra: { last: 1_764_000_000 } },
];

export function heartbeatBody(id: string, shape: HeartbeatShape): Record<string, unknown> {
  const body: Record<string, unknown> = { id, version: 'Telegraf 1.39.3 (git: HEAD@0000000)', schema: 1 };
  const parts: Record<Include, () => unknown> = {
    hostname: () => `host-${id}`,
    statistics: () => ({ errors: 2, warnings: 1, metrics: 42 }),
    status: () => 'WARN',
    configurations: () => [
      '/etc/telegraf/telegraf.conf',
      '/etc/telegraf/telegraf.d/outputs.conf',
      'http://user:xxxxx@controller.example:8888/api/configs/base/toml',
    ],
    logs: () =>
      Array.from({ length: shape.logCount ?? 3 }, (_, i) => ({
        time: new Date(Date.UTC(2026, 0, 1, 0, 0, i % 60, i)).toISOString().replace('Z', '123456Z'),
        level: LEVELS[i % LEVELS.length],
        source: `inputs.cpu::cpu-${i}`,
        ...(i % 2 === 0 ? { attributes: { alias: `cpu-${i}`, category: 'inputs', plugin: 'cpu' } } : {}),
        message: `message ${i}`,
      })),
  };
  for (const part of shape.include) body[part] = parts[part]();
  return { ...body, ...shape.extra };
}
