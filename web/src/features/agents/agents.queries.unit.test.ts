import { describe, expect, it } from 'vitest';
import { filterParams, type AgentFilters } from './agents.queries';

const NONE: AgentFilters = {
  search: '',
  status: null,
  config: null,
  reportingRule: null,
  label: null,
  flag: null,
  token: null,
  errorPattern: null,
  duplicate: false,
};

describe('agent filters sent to the server', () => {
  it('no filter chosen asks for nothing', () => {
    expect(filterParams(NONE).toString()).toBe('');
  });

  it('"duplicate ids only" asks for duplicate=true beside the other filters', () => {
    expect(filterParams({ ...NONE, status: 'warn', duplicate: true }).toString()).toBe('status=warn&duplicate=true');
  });

  it('a flag is asked for by name, a token by its id', () => {
    expect(filterParams({ ...NONE, flag: 'silent', token: 'tok_1' }).toString()).toBe('flag=silent&token=tok_1');
  });

  it('Outdated is asked for by name beside a configuration', () => {
    expect(filterParams({ ...NONE, config: 'cfg_1', flag: 'outdated' }).toString()).toBe('config=cfg_1&flag=outdated');
  });

  it('an error pattern is asked for by its id', () => {
    expect(filterParams({ ...NONE, errorPattern: 'p_1', flag: 'incompatible' }).toString()).toBe(
      'flag=incompatible&errorPattern=p_1',
    );
  });
});
