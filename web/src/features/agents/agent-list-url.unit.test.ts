import { describe, expect, it } from 'vitest';
import { agentsListPath, passedPattern, urlFiltersOf, withUrlFilters } from './agent-list-url';

describe("the agents list's filters in its URL", () => {
  it('reads the token, configuration, flag and error pattern, and no flag the list does not know', () => {
    expect(urlFiltersOf(new URLSearchParams('config=cfg_1&flag=incompatible&token=tok_1&errorPattern=p_1'))).toEqual({
      token: 'tok_1',
      config: 'cfg_1',
      flag: 'incompatible',
      errorPattern: 'p_1',
    });
    expect(urlFiltersOf(new URLSearchParams('flag=duplicate&config=&errorPattern='))).toEqual({
      token: null,
      config: null,
      flag: null,
      errorPattern: null,
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

  it("links to an error pattern's agents by its id", () => {
    expect(agentsListPath({ errorPattern: 'Ab-9_x' })).toBe('/agents?errorPattern=Ab-9_x');
  });

  it('reads the pattern a link passed in its state, and nothing from any other state', () => {
    const errorPattern = { id: 'p_1', pattern: 'dial tcp <ip>: connect: connection refused' };
    expect(passedPattern({ errorPattern })).toEqual(errorPattern);
    expect(passedPattern({ errorPattern: { id: 'p_1' } })).toBeNull();
    expect(passedPattern({ errorPattern: { id: 1, pattern: 'x' } })).toBeNull();
    expect(passedPattern(null)).toBeNull();
    expect(passedPattern('p_1')).toBeNull();
  });
});
