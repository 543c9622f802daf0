import { ID_SAMPLE, type PassResult } from '../agents/status-scheduler.js';
import { SYSTEM_ACTOR, type AuditLog } from './audit.service.js';

/**
 * A status pass in the audit log: one entry per direction, with the count and the first ids, never one per agent
 * (a network cut that silences 200,000 agents writes one entry). Best-effort: the pass is done whatever happens here.
 */
export async function recordStatusPass(audit: AuditLog, result: Extract<PassResult, { ran: true }>): Promise<void> {
  if (result.notReporting > 0) {
    await audit.recordBestEffort({
      action: 'agent.not_reporting',
      actor: SYSTEM_ACTOR,
      details: { count: result.notReporting, agents: result.notReportingSample },
    });
  }
  if (result.deleted.length > 0) {
    await audit.recordBestEffort({
      action: 'agent.auto_delete',
      actor: SYSTEM_ACTOR,
      details: { count: result.deleted.length, agents: result.deleted.slice(0, ID_SAMPLE) },
    });
  }
}
