import type { Logger } from 'pino';
import type { Leadership } from '../leadership/leadership.js';
import type { SettingsService } from '../settings/settings.service.js';
import type { AuditForwarding } from './audit-forwarding.js';
import type { AuditLog } from './audit.service.js';

/**
 * The leader's audit round, every `intervalSeconds`: entries past the retention setting are deleted (after a
 * checkpoint entry), except those a forwarder has still to send, and the chain head is logged, so a copy of it
 * lives outside the database (ADR 25).
 */
export function startAuditRounds(
  audit: AuditLog,
  settings: SettingsService,
  forwarding: Pick<AuditForwarding, 'sentThrough'>,
  { leadership, intervalSeconds, logger }: { leadership: Leadership; intervalSeconds: number; logger: Logger },
) {
  const round = async () => {
    if (!leadership.isLeader()) return;
    await audit.prune((await settings.get()).auditRetentionHours, Date.now(), await forwarding.sentThrough());
    logger.info({ auditHead: await audit.head() }, 'audit chain head');
  };
  const timer = setInterval(() => {
    round().catch((error: unknown) => logger.warn({ err: error }, 'the audit round failed'));
  }, intervalSeconds * 1000);
  timer.unref();
  return { stop: async () => clearInterval(timer), round };
}
