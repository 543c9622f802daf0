import type { Agent } from '@telegraf-controller/contract/agents';
import { agentsListPath } from './agent-list-url';

/** The agents list narrowed to the agents whose heartbeats came with one token (in the last 30 days). */
export function agentsWithTokenPath(tokenId: string): string {
  return agentsListPath({ token: tokenId });
}

/** The token an agent's heartbeats came with, by name; the server keeps no name once the token is deleted. */
export function agentTokenName(token: NonNullable<Agent['token']>): string {
  return token.name ?? 'a deleted token';
}
