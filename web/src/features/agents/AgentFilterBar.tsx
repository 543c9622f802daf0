import { Badge, Button, Checkbox, CloseButton, Group, Select, Stack, TextInput } from '@mantine/core';
import { IconSearch } from '@tabler/icons-react';
import { useCan } from '../auth/use-can';
import { ConfigSelect } from '../configs/ConfigSelect';
import { useToken } from '../tokens/tokens.queries';
import { FLAG_LABELS, FLAG_OPTIONS, isOfferedFlag } from './agent-flags';
import { isAgentStatus, STATUS_DISPLAY, STATUS_OPTIONS } from './agent-status';
import { LabelSelect } from './LabelSelect';
import { ReportingRuleSelect } from './ReportingRuleSelect';
import type { ChosenFilters } from './use-agent-list';

type AgentFilterBarProps = {
  chosen: ChosenFilters;
  onChange: (change: Partial<ChosenFilters>) => void;
  onClear: () => void;
};

/**
 * Search, the filter selects, the duplicate-id check box, and each active filter as a chip with a ✕. The token and
 * error pattern filters have no control of their own: they come from a token's "View agents" link and from the
 * Error Patterns page, and only their chips show them. The configuration and the flag may come with a link too (a
 * configuration's Outdated agents).
 */
export function AgentFilterBar({ chosen, onChange, onClear }: AgentFilterBarProps) {
  // A filter is offered only to roles that may read what it chooses from.
  const canReadConfigs = useCan('configs:read');
  const canReadRules = useCan('reporting-rules:read');
  const canReadLabels = useCan('labels:read');
  const canReadTokens = useCan('tokens:read');
  // The token's chip shows its name when the role may read the token; otherwise (or once deleted) its id.
  const token = useToken(chosen.token ?? '', canReadTokens && chosen.token !== null);
  const chips: { text: string; clear: Partial<ChosenFilters> }[] = [];
  if (chosen.status) chips.push({ text: `Status: ${STATUS_DISPLAY[chosen.status].label}`, clear: { status: null } });
  if (chosen.config) chips.push({ text: `Config: ${chosen.config.name}`, clear: { config: null } });
  if (chosen.reportingRule) {
    chips.push({ text: `Rule: ${chosen.reportingRule.name}`, clear: { reportingRule: null } });
  }
  if (chosen.label) chips.push({ text: `Label: ${chosen.label.name}`, clear: { label: null } });
  if (chosen.flag) chips.push({ text: `Flag: ${FLAG_LABELS[chosen.flag]}`, clear: { flag: null } });
  if (chosen.token) chips.push({ text: `Token: ${token.data?.name ?? chosen.token}`, clear: { token: null } });
  if (chosen.errorPattern) {
    chips.push({ text: `Error pattern: ${chosen.errorPattern.pattern}`, clear: { errorPattern: null } });
  }
  if (chosen.duplicate) chips.push({ text: 'Duplicate ids only', clear: { duplicate: false } });

  return (
    <Stack gap="xs">
      <Group gap="sm" align="flex-start">
        <TextInput
          aria-label="Search agents"
          placeholder="Search agents…"
          leftSection={<IconSearch size={16} aria-hidden />}
          value={chosen.search}
          onChange={(event) => onChange({ search: event.currentTarget.value })}
          w={260}
        />
        <Select
          aria-label="Status"
          placeholder="All statuses"
          data={STATUS_OPTIONS}
          value={chosen.status}
          onChange={(value) => onChange({ status: isAgentStatus(value) ? value : null })}
          clearable
          w={170}
        />
        {canReadConfigs && (
          <ConfigSelect
            aria-label="Configuration"
            placeholder="Select Config"
            value={chosen.config}
            onChange={(config) => onChange({ config })}
            clearable
            w={220}
          />
        )}
        {canReadRules && (
          <ReportingRuleSelect
            aria-label="Reporting rule"
            placeholder="Select Rule"
            value={chosen.reportingRule?.id ?? null}
            onChange={(rule) => onChange({ reportingRule: rule && { id: rule.id, name: rule.description } })}
            clearable
            w={220}
          />
        )}
        {canReadLabels && (
          <LabelSelect
            aria-label="Label"
            placeholder="Select Label"
            value={chosen.label}
            onChange={(label) => onChange({ label })}
            clearable
            w={200}
          />
        )}
        <Select
          aria-label="Flag"
          placeholder="Any flag"
          data={FLAG_OPTIONS}
          value={chosen.flag}
          onChange={(value) => onChange({ flag: isOfferedFlag(value) ? value : null })}
          clearable
          w={170}
        />
        <Checkbox
          label="Duplicate ids only"
          checked={chosen.duplicate}
          onChange={(event) => onChange({ duplicate: event.currentTarget.checked })}
          style={{ alignSelf: 'center' }}
        />
      </Group>
      {chips.length > 0 && (
        <Group gap="xs" aria-label="Active filters" role="list">
          {chips.map(({ text, clear }) => (
            <Badge
              key={text}
              role="listitem"
              variant="light"
              radius="sm"
              tt="none"
              size="lg"
              fw={500}
              maw={520}
              title={text}
              styles={{ root: { paddingInlineEnd: 2 } }}
              rightSection={
                <CloseButton
                  size="xs"
                  variant="transparent"
                  c="inherit"
                  aria-label={`Remove filter ${text}`}
                  onClick={() => onChange(clear)}
                />
              }
            >
              {text}
            </Badge>
          ))}
          {chips.length > 1 && (
            <Button variant="subtle" size="compact-sm" onClick={onClear}>
              Clear filters
            </Button>
          )}
        </Group>
      )}
    </Stack>
  );
}
