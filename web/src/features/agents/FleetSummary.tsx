import { Button, Card, Collapse, ColorSwatch, Group, Progress, Stack, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { AGENT_STATUSES, type AgentStatus, type AgentsSummary } from '@telegraf-controller/contract/agents';
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { INCOMPATIBLE_DISPLAY, OUTDATED_DISPLAY, type OfferedFlag } from './agent-flags';
import { STATUS_DISPLAY } from './agent-status';
import { percentOf } from './fleet-details';
import { FleetDetails } from './FleetDetails';

/** A flag the summary counts: a segment of the bar that narrows the list to its agents. */
type CountedFlag = Extract<OfferedFlag, 'outdated' | 'incompatible'>;

const FLAG_SEGMENTS: { flag: CountedFlag; display: { label: string; color: string }; help: string }[] = [
  {
    flag: 'outdated',
    display: OUTDATED_DISPLAY,
    help: 'Agents that have not fetched a newer version of a configuration they load, beyond the grace. Click to list only them.',
  },
  {
    flag: 'incompatible',
    display: INCOMPATIBLE_DISPLAY,
    help: 'Agents whose Telegraf cannot run the current version of a configuration they load. Click to list only them.',
  },
];

type FleetSummaryProps = {
  summary: AgentsSummary;
  /** Narrows the list to the Outdated or the Incompatible agents. */
  onShowFlag: (flag: CountedFlag) => void;
};

/**
 * Total Agents, a bar with a share per status (empty ones left out), the Outdated and Incompatible agents (segments
 * that filter the list to them, when there are any), and the fleet's details on request.
 */
export function FleetSummary({ summary, onShowFlag }: FleetSummaryProps) {
  const [open, toggle] = useDisclosure(false);
  const countOf = (status: AgentStatus) => summary.status[status] ?? 0;
  const shown = AGENT_STATUSES.filter((status) => countOf(status) > 0);
  return (
    <Card withBorder radius="md" padding="md" component="section" aria-label="Fleet summary">
      <Group justify="space-between" align="flex-start" mb="xs">
        <div>
          <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
            Total Agents
          </Text>
          <Text fz={28} fw={700} lh={1.2} data-testid="total-agents">
            {summary.total.toLocaleString()}
          </Text>
        </div>
        <Button
          variant="subtle"
          size="compact-sm"
          onClick={toggle.toggle}
          aria-expanded={open}
          rightSection={open ? <IconChevronUp size={14} aria-hidden /> : <IconChevronDown size={14} aria-hidden />}
        >
          More details
        </Button>
      </Group>
      <Stack gap={8}>
        <Progress.Root size={14} aria-label="Agents per status">
          {shown.map((status) => {
            const count = countOf(status);
            return (
              <Tooltip key={status} label={`${STATUS_DISPLAY[status].label}: ${count}`}>
                <Progress.Section value={(count / summary.total) * 100} color={STATUS_DISPLAY[status].color} />
              </Tooltip>
            );
          })}
        </Progress.Root>
        <Group justify="space-between" align="flex-start" gap="sm">
          <Group gap="lg" aria-label="Status legend" role="list">
            {shown.map((status) => (
              <Group key={status} gap={6} role="listitem" wrap="nowrap">
                <ColorSwatch
                  color={`var(--mantine-color-${STATUS_DISPLAY[status].color}-6)`}
                  size={10}
                  withShadow={false}
                  aria-hidden
                />
                <Text size="sm">
                  {STATUS_DISPLAY[status].label} {countOf(status)} ({percentOf(countOf(status), summary.total)})
                </Text>
              </Group>
            ))}
            {shown.length === 0 && (
              <Text size="sm" c="dimmed">
                No agent matches these filters.
              </Text>
            )}
          </Group>
          <Group gap="xs">
            {FLAG_SEGMENTS.filter(({ flag }) => summary[flag] > 0).map(({ flag, display, help }) => (
              <Tooltip key={flag} label={help} multiline maw={320}>
                <Button variant="light" color={display.color} size="compact-sm" onClick={() => onShowFlag(flag)}>
                  {display.label} {summary[flag].toLocaleString()}
                </Button>
              </Tooltip>
            ))}
          </Group>
        </Group>
      </Stack>
      <Collapse in={open}>
        <FleetDetails summary={summary} />
      </Collapse>
    </Card>
  );
}
