import type { AgentStatus } from '@telegraf-controller/contract/agents';
import { AGENT_STATUSES } from '@telegraf-controller/contract/agents';

/** How each status reads and which Mantine colour marks it, in the order the fleet summary shows them. */
export const STATUS_DISPLAY: Record<AgentStatus, { label: string; color: string }> = {
  ok: { label: 'OK', color: 'green' },
  warn: { label: 'Warn', color: 'yellow' },
  fail: { label: 'Fail', color: 'red' },
  undefined: { label: 'Undefined', color: 'gray' },
  not_reporting: { label: 'Not Reporting', color: 'orange' },
};

export const STATUS_OPTIONS = AGENT_STATUSES.map((status) => ({ value: status, label: STATUS_DISPLAY[status].label }));

export function isAgentStatus(value: string | null): value is AgentStatus {
  return (AGENT_STATUSES as readonly (string | null)[]).includes(value);
}
