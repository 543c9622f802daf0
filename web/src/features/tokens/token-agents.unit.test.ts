import { describe, expect, it } from 'vitest';
import { agentsInWords, agentsLosingAccess } from './token-agents';

describe('the agents a token action takes access from', () => {
  it('names the agents of one working token', () => {
    expect(agentsLosingAccess([{ status: 'active', agentCount: 12 }])).toBe(
      '12 agents sent heartbeats with this token in the last 30 days and will lose access.',
    );
    expect(agentsLosingAccess([{ status: 'active', agentCount: 1 }])).toBe(
      '1 agent sent heartbeats with this token in the last 30 days and will lose access.',
    );
  });

  it('says nothing when no agent used it', () => {
    expect(agentsLosingAccess([{ status: 'active', agentCount: 0 }])).toBeNull();
  });

  it('adds up the agents of several tokens', () => {
    expect(
      agentsLosingAccess([
        { status: 'active', agentCount: 2 },
        { status: 'active', agentCount: 3 },
      ]),
    ).toBe('5 agents sent heartbeats with these tokens in the last 30 days and will lose access.');
  });

  it('a revoked or expired token takes nothing: its agents lost access already', () => {
    expect(agentsLosingAccess([{ status: 'revoked', agentCount: 4 }])).toBeNull();
    expect(
      agentsLosingAccess([
        { status: 'expired', agentCount: 4 },
        { status: 'active', agentCount: 1 },
      ]),
    ).toBe('1 agent sent heartbeats with these tokens in the last 30 days and will lose access.');
  });

  it('counts agents in the singular for one', () => {
    expect(agentsInWords(1)).toBe('1 agent');
    expect(agentsInWords(0)).toBe('0 agents');
  });
});
