import { ID_SAMPLE, type PassResult } from '../agents/status-scheduler.js';
import type { WebhooksService } from './webhooks.service.js';

/**
 * A status pass as one `agent.status` event (issue 21 item 6): how many agents registered, went Not Reporting,
 * reported again or were deleted, with the first ids of each. A mass event (a network cut silencing the fleet) is
 * one delivery with counts, never one per agent.
 */
export async function emitStatusPass(
  webhooks: Pick<WebhooksService, 'emit'>,
  result: Extract<PassResult, { ran: true }>,
): Promise<void> {
  const transitions = {
    registered: { count: result.registered, agents: result.registeredSample },
    notReporting: { count: result.notReporting, agents: result.notReportingSample },
    reportingAgain: { count: result.reportingAgain, agents: result.reportingAgainSample },
    deleted: { count: result.deleted.length, agents: result.deleted.slice(0, ID_SAMPLE) },
  };
  if (Object.values(transitions).every((transition) => transition.count === 0)) return;
  await webhooks.emit('agent.status', transitions);
}
