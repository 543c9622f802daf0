import type { Agent } from '@telegraf-controller/contract/agents';

/** The agents list's URL parameter of the token filter, so a token's "View agents" link survives a reload. */
export const TOKEN_PARAM = 'token';

/** The agents list narrowed to the agents whose heartbeats came with one token (in the last 30 days). */
export function agentsWithTokenPath(tokenId: string): string {
  return `/agents?${new URLSearchParams({ [TOKEN_PARAM]: tokenId })}`;
}

/** The token an agent's heartbeats came with, by name; the server keeps no name once the token is deleted. */
export function agentTokenName(token: NonNullable<Agent['token']>): string {
  return token.name ?? 'a deleted token';
}
