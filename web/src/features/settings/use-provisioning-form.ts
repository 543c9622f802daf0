import type { Provisioning } from '@telegraf-controller/contract/auth-settings';
import { useState } from 'react';

/** The provisioning rules of one provider as a form: the domains as typed text, blank mappings dropped on save. */
export function useProvisioningForm(saved: Provisioning) {
  const [rules, setRules] = useState<Provisioning>(saved);
  const [domains, setDomains] = useState(saved.allowedDomains.join(', '));
  const change = (changes: Partial<Provisioning>) => setRules((current) => ({ ...current, ...changes }));
  return {
    rules,
    change,
    domains,
    setDomains,
    /** The rules as the API takes them. */
    value(): Provisioning {
      const allowedDomains = domains
        .split(',')
        .map((domain) => domain.trim())
        .filter(Boolean);
      return { ...rules, allowedDomains, mappings: rules.mappings.filter((mapping) => mapping.group.trim()) };
    },
    /** Starts over from what the server saved. */
    reset(next: Provisioning) {
      setRules(next);
      setDomains(next.allowedDomains.join(', '));
    },
  };
}
export type ProvisioningForm = ReturnType<typeof useProvisioningForm>;
