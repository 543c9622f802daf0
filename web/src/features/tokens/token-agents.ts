import { TOKEN_AGENT_DAYS, type Token } from '@telegraf-controller/contract/tokens';

/** "1 agent", "12 agents". */
export function agentsInWords(count: number): string {
  return `${count.toLocaleString()} agent${count === 1 ? '' : 's'}`;
}

/**
 * What revoking or deleting the tokens takes from agents, as the confirmation says it; null when nothing. Only a
 * token that still works takes anything: the agents of a revoked or expired one lost access already. Each agent
 * counts for the one token its last heartbeat came with, so the counts of several tokens add up.
 */
export function agentsLosingAccess(tokens: readonly Pick<Token, 'status' | 'agentCount'>[]): string | null {
  const count = tokens.filter((token) => token.status === 'active').reduce((sum, token) => sum + token.agentCount, 0);
  if (count === 0) return null;
  const which = tokens.length === 1 ? 'this token' : 'these tokens';
  return `${agentsInWords(count)} sent heartbeats with ${which} in the last ${TOKEN_AGENT_DAYS} days and will lose access.`;
}
