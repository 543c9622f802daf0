import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { buildApp } from './app.js';
import type { DatabaseHandle } from './db/connect.js';
import { connectWhenReachable } from './db/connect-retry.js';
import { openWaitingListener } from './http/waiting-listener.js';
import { migrateToLatest } from './db/migrate.js';
import { buildHeartbeatApp } from './heartbeat-app.js';
import { loadTls, type Options } from './options.js';
import type { Server as TlsServer } from 'node:tls';
import { startLeaderRounds } from './modules/leadership/leader-rounds.js';
import { emitStatusPass } from './modules/webhooks/status-events.js';
import { startLeadership } from './modules/leadership/leadership.js';
import { startAuditRounds } from './modules/audit/audit-rounds.js';
import { recordStatusPass } from './modules/audit/system-events.js';
import { startLeaverJob } from './modules/ldap/ldap-leavers.js';
import { purgeEndedSessions } from './modules/sessions/sessions.service.js';
import { resealSecondFactors } from './modules/second-factor/second-factor-keys.js';
import { bootstrapOwner, type OwnerBootstrap } from './modules/owner/owner-bootstrap.js';
import { startStatusScheduler } from './modules/agents/status-scheduler.js';
import { ensureDefaultRule } from './modules/reporting-rules/reporting-rules.service.js';
import {
  createSettingsService,
  joinCluster,
  resolveSessionSecret,
  seedSettings,
} from './modules/settings/settings.service.js';
import { provisionBootstrapToken } from './modules/tokens/bootstrap-token.js';
import { createServices } from './services.js';
import { startCacheSync } from './db/cache-sync.js';
import { loadWebAssets } from './modules/web/web.assets.js';
import { buildUiApp } from './ui-app.js';

/** Where `npm run build` puts the UI, relative to this file in server/dist. */
export const DEFAULT_WEB_ROOT = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface RunningController {
  database: DatabaseHandle;
  listeners: { api: FastifyInstance; heartbeat: FastifyInstance; ui: FastifyInstance | undefined };
  /** Stops accepting, lets in-flight requests finish, then closes the database. */
  close(): Promise<void>;
  /**
   * Reads the certificate and key files again and serves new connections with them (SIGHUP); connections already
   * open keep theirs. A pair that cannot be used is logged and the current one kept. False when nothing changed.
   */
  reloadTls(): boolean;
}

export interface StartSettings {
  webRoot?: string;
  /** Asks for the owner on a terminal when none exists (main passes it on a TTY without --no-interactive). */
  prompt?: OwnerBootstrap['prompt'];
}

/** options → connect → migrate → seed → build the listeners → listen. */
export async function startController(
  options: Options,
  logger: Logger,
  { webRoot = DEFAULT_WEB_ROOT, prompt }: StartSettings = {},
): Promise<RunningController> {
  // Waiting for PostgreSQL at start-up, the API port answers live but not ready.
  const database = await connectWhenReachable(options, logger, async () => (await openWaitingListener(options)).close);
  const closers: Array<() => Promise<void>> = [() => database.close()];
  const close = async () => {
    for (const closer of closers.reverse()) await closer().catch((error) => logger.error({ err: error }, 'close'));
  };
  try {
    const applied = await migrateToLatest(database.db, database.engine);
    if (applied.length > 0) logger.info({ migrations: applied }, 'database migrated');
    await ensureDefaultRule(database.db);
    await seedSettings(database.db, options);
    const sessionSecret = await resolveSessionSecret(database.db, options.sessionSecret);
    if (options.haEnabled) await joinCluster(database.db, sessionSecret, options.sessionSecretPrevious);
    if (options.sessionSecretPrevious !== undefined) {
      await resealSecondFactors(database.db, sessionSecret, options.sessionSecretPrevious, logger);
    }
    const settings = createSettingsService(database.db);
    await bootstrapOwner({ db: database.db, options, logger, settings, prompt });
    const leadership = startLeadership(database, logger, { retryMs: options.haLeaderRetryMs });
    closers.push(() => leadership.stop());

    if (options.logsDir !== undefined) {
      logger.warn({ logsDir: options.logsDir }, '--logs-dir/LOGS_DIR is ignored: agent logs are kept in the database');
    }
    if (options.notYetSupported.length > 0) {
      logger.warn(
        { variables: options.notYetSupported },
        'these variables are not options of this controller (a typo?) and are ignored',
      );
    }
    if (options.oidc?.allowInsecure) {
      logger.warn('AUTH_OIDC_ALLOW_INSECURE is set: the identity provider may be reached over plain HTTP (tests only)');
    }
    if (options.disableAuthEndpoints.length > 0) {
      logger.warn(
        { groups: options.disableAuthEndpoints },
        'authentication is disabled for these endpoint groups: anyone who can reach them may call them',
      );
    }
    const webAssets = loadWebAssets(webRoot);
    if (webAssets === undefined) logger.warn({ webRoot }, 'the web UI is not built; run "npm run build"');

    const services = createServices({ database, options, logger, leadership, sessionSecret });
    await services.configs.refreshRequirements();
    // Closed after the listeners (closers run in reverse): every heartbeat they acknowledged gets written.
    closers.push(() => services.heartbeats.stop());
    closers.push(() => services.configFetches.stop());
    const scheduler = startStatusScheduler(database, {
      leadership,
      intervalSeconds: options.statusCheckIntervalSeconds,
      logger: logger.child({ component: 'status' }),
      onChanged: (deleted) => {
        services.heartbeats.forget(deleted);
        services.agentCounts.clear();
      },
      onPass: (at, error) => services.status.recordPass(at, error),
      onResult: async (result) => {
        await recordStatusPass(services.audit, result);
        await emitStatusPass(services.webhooks, result);
      },
    });
    closers.push(() => scheduler.stop());
    if (services.ldapDirectory !== undefined && options.ldap !== undefined) {
      const leavers = startLeaverJob(database.db, services.ldapDirectory, {
        leadership,
        intervalSeconds: options.ldap.syncIntervalSeconds,
        logger: logger.child({ component: 'ldap' }),
        onUserChanged: () => services.tokenCache.invalidate(),
        audit: services.audit,
      });
      closers.push(() => leavers.stop());
    }
    const rolloutRounds = startLeaderRounds(() => services.rollouts.advance(), {
      leadership,
      intervalMs: options.rolloutIntervalMs,
      logger: logger.child({ component: 'rollouts' }),
      what: 'rollout',
    });
    closers.push(() => rolloutRounds.stop());
    const webhookRounds = startLeaderRounds(() => services.webhooks.deliver(), {
      leadership,
      intervalMs: options.webhookIntervalMs,
      logger: logger.child({ component: 'webhooks' }),
      what: 'webhook',
    });
    closers.push(() => webhookRounds.stop());
    await services.auditForwarding.start();
    closers.push(() => services.auditForwarding.stop());
    const auditRounds = startAuditRounds(services.audit, services.settings, services.auditForwarding, {
      leadership,
      intervalSeconds: options.auditCheckIntervalSeconds,
      logger: logger.child({ component: 'audit' }),
    });
    closers.push(() => auditRounds.stop());
    // After the listeners close (closers run in reverse): the last minute's refusals are written too.
    closers.push(() => services.denials.stop());
    const cacheSync = startCacheSync(
      database,
      {
        tc_token_changes: () => services.tokenCache.invalidate(),
        tc_render_changes: () => services.renderCache.clear(),
        tc_agent_deletions: () => services.heartbeats.forgetAll(),
        tc_fleet_changes: () => services.agentCounts.clear(),
      },
      logger,
      { node: leadership.node, ...(options.haEnabled ? { pollIntervalMs: options.haPollIntervalMs } : {}) },
    );
    closers.push(() => cacheSync.stop());
    services.metrics.showCacheClears(cacheSync.clears);
    await provisionBootstrapToken(database.db, options.ownerToken, logger);
    const api = await buildApp({ services, options, logger, webAssets });
    // A clean-up job: the leader's alone in a cluster.
    const purge = setInterval(() => {
      if (!leadership.isLeader()) return;
      purgeEndedSessions(database.db).catch((error) => logger.warn({ err: error }, 'session clean-up failed'));
      services.errorPatterns.purge().catch((error) => logger.warn({ err: error }, 'error pattern clean-up failed'));
    }, 3600_000);
    purge.unref();
    closers.push(async () => clearInterval(purge));
    const heartbeat = await buildHeartbeatApp({ services, options, logger });
    const ui = options.uiPort === undefined ? undefined : await buildUiApp(options, logger, webAssets);
    // Listeners close before the database, in reverse order of opening.
    for (const [app, port] of [
      [api, options.port],
      [heartbeat, options.heartbeatPort],
      ...(ui ? ([[ui, options.uiPort!]] as const) : []),
    ] as const) {
      await app.listen({ host: options.host, port });
      closers.push(() => app.close());
    }
    const scheme = options.tls ? 'https' : 'http';
    logger.info(
      {
        api: `${scheme}://${options.host}:${options.port}`,
        heartbeat: `${scheme}://${options.host}:${options.heartbeatPort}/agents/heartbeat`,
        ui: ui ? `${scheme}://${options.host}:${options.uiPort}` : undefined,
        database: database.engine,
      },
      'telegraf-controller is listening',
    );
    const reloadTls = () => {
      const { tls } = options;
      if (tls?.certPath === undefined || tls.keyPath === undefined) {
        logger.warn('SIGHUP: no certificate files to read again (the controller serves plain HTTP)');
        return false;
      }
      let fresh;
      try {
        fresh = loadTls(tls.certPath, tls.keyPath);
      } catch (error) {
        logger.error({ err: error }, 'SIGHUP: the certificate was not reloaded; the current one is kept');
        return false;
      }
      for (const app of [api, heartbeat, ui]) {
        (app?.server as TlsServer | undefined)?.setSecureContext({ cert: fresh.cert, key: fresh.key });
      }
      logger.info({ cert: tls.certPath }, 'TLS certificate reloaded: new connections use it');
      return true;
    };
    return { database, listeners: { api, heartbeat, ui }, close, reloadTls };
  } catch (error) {
    await close();
    throw error;
  }
}
