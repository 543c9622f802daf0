import type { WebhookEvent } from '@telegraf-controller/contract/webhooks';

/** What each event means to the person choosing it. */
export const EVENT_LABELS: Record<WebhookEvent, string> = {
  'agent.status': 'Agents change status (one delivery per status pass, with counts)',
  'rollout.advanced': 'A rollout reaches its next cohort',
  'rollout.reverted': 'A rollout reverts after a breached gate',
  'rollout.finished': 'A rollout finishes and its version is published',
  'token.expiring': 'A token is about to expire',
  'agent.duplicate': 'An agent is newly flagged as a duplicate id',
  'agent.incompatible': 'An agent is newly flagged Incompatible',
};
