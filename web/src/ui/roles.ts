import type { Role } from '@telegraf-controller/contract/permissions';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  owner: 'Owner',
  administrator: 'Administrator',
  manager: 'Manager',
  viewer: 'Viewer',
};

export const ROLE_COLORS: Readonly<Record<Role, string>> = {
  owner: 'grape',
  administrator: 'red',
  manager: 'blue',
  viewer: 'gray',
};

/** What each role may do, in the words of the invite form (ADR 18). */
export const ROLE_DESCRIPTIONS: Readonly<Record<Role, string>> = {
  owner: 'Every permission; the one account that manages administrators and transfers ownership.',
  administrator: 'Full system access; manages all users, tokens and settings.',
  manager: 'Manages configs, agents, labels, reporting rules and their own API tokens.',
  viewer: 'Read-only access to configs, agents, labels and reporting rules; cannot manage tokens.',
};

export function roleOptions(roles: readonly Role[]) {
  return roles.map((role) => ({ value: role, label: ROLE_LABELS[role] }));
}
