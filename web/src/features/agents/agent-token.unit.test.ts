import { describe, expect, it } from 'vitest';
import { agentsWithTokenPath, agentTokenName } from './agent-token';

describe("an agent's token", () => {
  it('is named, or called a deleted token once the server has no name for it', () => {
    const lastUsedAt = '2026-01-01T00:00:00.000Z';
    expect(agentTokenName({ id: 't1', name: 'fleet east', lastUsedAt })).toBe('fleet east');
    expect(agentTokenName({ id: 't1', name: null, lastUsedAt })).toBe('a deleted token');
  });

  it('links to the agents list narrowed to it, the id encoded', () => {
    expect(agentsWithTokenPath('tok_1')).toBe('/agents?token=tok_1');
    expect(agentsWithTokenPath('a&b c')).toBe('/agents?token=a%26b+c');
  });
});
