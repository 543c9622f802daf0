import { ID_SAMPLE, type PassResult } from '../agents/status-scheduler.js';
import { SYSTEM_ACTOR, type AuditLog } from './audit.service.js';

/**
 * A status pass in the audit log: one entry per kind (agents registered, into Not Reporting, back from it, deleted),
 * with the count and the first ids, never one per agent (a network cut that silences 200,000 agents writes one
 * entry). Best-effort: the pass is done whatever happens here.
 */
export async function recordStatusPass(audit: AuditLog, result: Extract<PassResult, { ran: true }>): Promise<void> {
  const kinds: Array<[action: string, count: number, agents: string[]]> = [
    ['agent.register', result.registered, result.registeredSample],
    ['agent.not_reporting', result.notReporting, result.notReportingSample],
    ['agent.reporting_again', result.reportingAgain, result.reportingAgainSample],
    ['agent.auto_delete', result.deleted.length, result.deleted.slice(0, ID_SAMPLE)],
  ];
  for (const [action, count, agents] of kinds) {
    if (count > 0) await audit.recordBestEffort({ action, actor: SYSTEM_ACTOR, details: { count, agents } });
  }
}
