import type { Label } from '@telegraf-controller/contract/labels';

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "2 configurations, 1 config group and 0 agents". */
export function usageInWords(usage: Label['usage']): string {
  return `${count(usage.configs, 'configuration', 'configurations')}, ${count(
    usage.configGroups,
    'config group',
    'config groups',
  )} and ${count(usage.agents, 'agent', 'agents')}`;
}

/** The usage of several labels added up. */
export function totalUsage(labels: readonly Label[]): Label['usage'] {
  return labels.reduce(
    (sum, { usage }) => ({
      configs: sum.configs + usage.configs,
      configGroups: sum.configGroups + usage.configGroups,
      agents: sum.agents + usage.agents,
    }),
    { configs: 0, configGroups: 0, agents: 0 },
  );
}

export const isUsed = ({ configs, configGroups, agents }: Label['usage']) => configs + configGroups + agents > 0;
