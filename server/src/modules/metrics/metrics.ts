import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { AGENT_STATUSES } from '@telegraf-controller/contract/agents';
import type { AgentsSummary } from '@telegraf-controller/contract/agents';
import type { CacheClears } from '../../db/cache-sync.js';
import type { DatabaseStats } from '../../db/connect.js';
import type { HeartbeatOutcome, HeartbeatsService } from '../heartbeats/heartbeats.service.js';

/** Most Telegraf versions a scrape names one by one; the rest are summed as `other`. */
export const TOP_VERSIONS = 20;
/** Most configurations and groups a scrape names one by one; the rest are summed as `other`. */
export const TOP_TARGETS = 20;

export interface MetricSources {
  heartbeats: Pick<HeartbeatsService, 'pending' | 'dropped' | 'healthy' | 'outcomes'>;
  /** What was served to whom: requests not recorded because too many URLs were waiting. */
  configFetches: { dropped(): number };
  tokenCache: { size(): number; lookups(): Readonly<{ hits: number; misses: number }> };
  renderCache: { size(): number; lookups(): Readonly<{ hits: number; misses: number }> };
  isLeader: () => boolean;
  /** The whole fleet's summary (cached a few seconds, see agent-counts.ts). */
  fleet: () => Promise<AgentsSummary>;
  /** Agents per configuration and group, most used first (cached like the summary). */
  targets: () => Promise<ReadonlyArray<{ kind: 'config' | 'group'; name: string; count: number }>>;
  database: () => DatabaseStats;
}

export interface Metrics {
  registry: Registry;
  /** A routed request's answer: `route` is the route's pattern (never the path), so the label stays bounded. */
  observeRequest(listener: 'api' | 'heartbeat', method: string, route: string, status: number, seconds: number): void;
  /** A batch of heartbeats written: how long it took. */
  observeFlush(seconds: number): void;
  /** Shows the cluster's cache clears (made after the services, once the cache sync runs). */
  showCacheClears(clears: () => CacheClears): void;
}

/**
 * What `GET /metrics` shows, in one registry per controller: process figures (memory, event-loop delay, GC, all
 * named `tc_process_*`/`tc_nodejs_*`), routed requests, heartbeats, caches, leadership and the fleet. Every label
 * has a fixed, small set of values (the README lists them).
 */
export function createMetrics(sources: MetricSources): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tc_' });
  const requests = new Counter({
    name: 'tc_http_requests_total',
    help: 'Requests answered by the routes, by listener, method, route pattern and status',
    labelNames: ['listener', 'method', 'route', 'status'] as const,
    registers: [registry],
  });
  const durations = new Histogram({
    name: 'tc_http_request_duration_seconds',
    help: 'Time to answer a routed request, by listener, method and route pattern',
    labelNames: ['listener', 'method', 'route'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  new Counter({
    name: 'tc_heartbeats_total',
    help: 'Heartbeats taken in (accepted) or refused (invalid, limited, buffer_full) since start',
    labelNames: ['outcome'] as const,
    registers: [registry],
    collect() {
      this.reset();
      const outcomes = sources.heartbeats.outcomes();
      for (const outcome of Object.keys(outcomes) as HeartbeatOutcome[]) this.inc({ outcome }, outcomes[outcome]);
    },
  });
  gauge(registry, 'tc_heartbeat_buffer_agents', 'Agents whose heartbeats wait to be written', () =>
    sources.heartbeats.pending(),
  );
  gauge(registry, 'tc_heartbeats_dropped', 'Heartbeats dropped by the buffer since start', () =>
    sources.heartbeats.dropped(),
  );
  gauge(
    registry,
    'tc_config_fetches_unrecorded',
    'Configuration fetches not recorded since start (too many URLs waiting)',
    () => sources.configFetches.dropped(),
  );
  gauge(registry, 'tc_heartbeat_writes_healthy', '1 while heartbeat batches are written, 0 while writes fail', () =>
    Number(sources.heartbeats.healthy()),
  );
  const flushes = new Histogram({
    name: 'tc_heartbeat_flush_duration_seconds',
    help: 'Time to write one batch of buffered heartbeats to the database',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  for (const [figure, help] of [
    ['connections', 'Open database connections (the pool on PostgreSQL; main and writer thread on a SQLite file)'],
    ['idle', 'Open database connections lent to no one (PostgreSQL)'],
    ['waiting', 'Queries waiting for a connection of a full pool (PostgreSQL)'],
  ] as const) {
    gauge(registry, `tc_database_${figure}`, help, () => sources.database()[figure]);
  }
  new Counter({
    name: 'tc_database_errors_total',
    help: 'Statements and bulk writes the database refused or did not answer, since start',
    registers: [registry],
    collect() {
      this.reset();
      this.inc(sources.database().errors);
    },
  });
  gauge(registry, 'tc_token_cache_entries', 'API tokens held in memory', () => sources.tokenCache.size());
  gauge(registry, 'tc_render_cache_bytes', 'Bytes of rendered configurations held in memory', () =>
    sources.renderCache.size(),
  );
  for (const [cache, source] of [
    ['token', sources.tokenCache],
    ['render', sources.renderCache],
  ] as const) {
    new Counter({
      name: `tc_${cache}_cache_lookups_total`,
      help: `Lookups in the ${cache} cache since start: found in memory (hit) or not (miss)`,
      labelNames: ['result'] as const,
      registers: [registry],
      collect() {
        this.reset();
        const { hits, misses } = source.lookups();
        this.inc({ result: 'hit' }, hits);
        this.inc({ result: 'miss' }, misses);
      },
    });
  }
  gauge(registry, 'tc_leader', '1 on the node that runs the cluster-wide jobs', () => Number(sources.isLeader()));
  new Gauge({
    name: 'tc_agents',
    help: 'Agents by status',
    labelNames: ['status'] as const,
    registers: [registry],
    async collect() {
      const fleet = await sources.fleet();
      this.reset();
      for (const status of AGENT_STATUSES) this.set({ status }, fleet.status[status] ?? 0);
    },
  });
  new Gauge({
    name: 'tc_agents_by_telegraf_version',
    help: `Agents by reported Telegraf version: the ${TOP_VERSIONS} most common, the rest as "other", none as "unknown"`,
    labelNames: ['version'] as const,
    registers: [registry],
    async collect() {
      const fleet = await sources.fleet();
      this.reset();
      const sorted = [...fleet.telegrafVersion].sort((a, b) => b.count - a.count);
      let other = 0;
      for (const [index, { version, count }] of sorted.entries()) {
        if (index < TOP_VERSIONS) this.set({ version: (version ?? 'unknown').slice(0, 64) }, count);
        else other += count;
      }
      if (other > 0) this.set({ version: 'other' }, other);
    },
  });
  new Gauge({
    name: 'tc_agents_by_configuration',
    help: `Agents that reported loading a configuration directly or a group: the ${TOP_TARGETS} most used, the rest as "other"`,
    labelNames: ['kind', 'name'] as const,
    registers: [registry],
    async collect() {
      const targets = await sources.targets();
      this.reset();
      let other = 0;
      for (const [index, { kind, name, count }] of targets.entries()) {
        if (index < TOP_TARGETS) this.set({ kind, name: name.slice(0, 64) }, count);
        else other += count;
      }
      if (other > 0) this.set({ kind: 'other', name: 'other' }, other);
    },
  });
  return {
    registry,
    observeRequest(listener, method, route, status, seconds) {
      requests.inc({ listener, method, route, status: String(status) });
      durations.observe({ listener, method, route }, seconds);
    },
    observeFlush: (seconds) => flushes.observe(seconds),
    showCacheClears(clears) {
      new Counter({
        name: 'tc_cache_clears_total',
        help: 'Caches cleared because another node changed what they hold, by channel and by how it was found out: notice (LISTEN) or poll (the notice never came)',
        labelNames: ['channel', 'via'] as const,
        registers: [registry],
        collect() {
          this.reset();
          for (const [channel, { notice, poll }] of Object.entries(clears())) {
            this.inc({ channel, via: 'notice' }, notice);
            this.inc({ channel, via: 'poll' }, poll);
          }
        },
      });
    },
  };
}

function gauge(registry: Registry, name: string, help: string, read: () => number): void {
  new Gauge({
    name,
    help,
    registers: [registry],
    collect() {
      this.set(read());
    },
  });
}
