import { Select, type SelectProps } from '@mantine/core';
import type { ReportingRule } from '@telegraf-controller/contract/reporting-rules';
import { useReportingRules } from '../reporting-rules/reporting-rules.queries';

type ReportingRuleSelectProps = Omit<SelectProps, 'data' | 'value' | 'onChange'> & {
  value: string | null;
  onChange: (rule: ReportingRule | null) => void;
};

/** A rule's name in lists: its description, marked when it is the default new agents get. */
function ruleName(rule: Pick<ReportingRule, 'description' | 'isDefault'>): string {
  return rule.isDefault ? `${rule.description} (default)` : rule.description;
}

/** Picks one reporting rule; there are few, so all loaded pages are offered and searched here. */
export function ReportingRuleSelect({ value, onChange, ...props }: ReportingRuleSelectProps) {
  const rules = useReportingRules();
  const loaded = rules.data?.pages.flatMap((page) => page.items) ?? [];
  const byId = new Map(loaded.map((rule) => [rule.id, rule]));
  return (
    <Select
      searchable
      {...props}
      data={loaded.map((rule) => ({ value: rule.id, label: ruleName(rule) }))}
      value={value}
      onChange={(id) => onChange(id === null ? null : (byId.get(id) ?? null))}
      nothingFoundMessage={rules.isPending ? 'Loading rules…' : 'No rule matches'}
    />
  );
}
