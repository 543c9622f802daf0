import { describe, expect, it } from 'vitest';
import { agentsListPath, urlFiltersOf, withUrlFilters } from './agent-list-url';

describe("the agents list's filters in its URL", () => {
  it('reads the token, configuration and flag, and no flag the list does not know', () => {
    expect(urlFiltersOf(new URLSearchParams('config=cfg_1&flag=outdated&token=tok_1'))).toEqual({
      token: 'tok_1',
      config: 'cfg_1',
      flag: 'outdated',
    });
    expect(urlFiltersOf(new URLSearchParams('flag=duplicate&config='))).toEqual({
      token: null,
      config: null,
      flag: null,
    });
  });

  it('a change sets or drops only the filters it names, and keeps any other parameter', () => {
    const current = new URLSearchParams('token=tok_1&flag=silent&other=x');
    expect(withUrlFilters(current, { flag: 'outdated', token: null }).toString()).toBe('flag=outdated&other=x');
    expect(current.toString()).toBe('token=tok_1&flag=silent&other=x');
  });

  it("links to a configuration's Outdated agents, the id encoded", () => {
    expect(agentsListPath({ config: 'cfg_1', flag: 'outdated' })).toBe('/agents?config=cfg_1&flag=outdated');
    expect(agentsListPath({ config: 'a&b' })).toBe('/agents?config=a%26b');
    expect(agentsListPath({})).toBe('/agents');
  });
});
