/** What people call an agent: its hostname when it reports one, else its id. */
export function agentName(agent: { id: string; hostname: string | null }): string {
  return agent.hostname || agent.id;
}

/** Agent ids are any text the agent chose, so they are always encoded into paths. */
export function agentPagePath(id: string): string {
  return `/agents/${encodeURIComponent(id)}`;
}
