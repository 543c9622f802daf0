import { ActionIcon, Anchor, Code, Stack, Table, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ErrorPattern } from '@telegraf-controller/contract/error-patterns';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Link } from 'react-router';
import { TimeCell } from '../../ui/TimeCell';
import { agentsListPath, type AgentsListState } from '../agents/agent-list-url';
import { agentPagePath } from '../agents/agent-name';
import { ErrorPatternLevelBadge } from './ErrorPatternLevelBadge';

/** The cells of a row, the toggle included: the sample's row spans them all. */
const ERROR_PATTERN_COLUMNS = 8;

/**
 * One pattern: its level, plugin, masked message, agents and entries reported, and when it was first and last
 * seen. The pattern and its agent count lead to the agents that reported it; the toggle shows the latest message
 * as sent, and which agent sent it.
 */
export function ErrorPatternTableRow({ pattern }: { pattern: ErrorPattern }) {
  const [opened, toggle] = useDisclosure(false);
  const agents = {
    to: agentsListPath({ errorPattern: pattern.id }),
    state: { errorPattern: { id: pattern.id, pattern: pattern.pattern } } satisfies AgentsListState,
  };
  const sampleId = `error-pattern-sample-${pattern.id}`;
  return (
    <>
      <Table.Tr>
        <Table.Td w={40}>
          <ActionIcon
            variant="subtle"
            color="gray"
            aria-label={opened ? 'Hide the latest message' : 'Show the latest message'}
            aria-expanded={opened}
            aria-controls={opened ? sampleId : undefined}
            onClick={toggle.toggle}
          >
            {opened ? <IconChevronDown size={16} aria-hidden /> : <IconChevronRight size={16} aria-hidden />}
          </ActionIcon>
        </Table.Td>
        <Table.Td>
          <ErrorPatternLevelBadge level={pattern.level} />
        </Table.Td>
        <Table.Td>
          <Text size="sm" ff="monospace" c={pattern.source ? undefined : 'dimmed'} style={{ wordBreak: 'break-all' }}>
            {pattern.source || 'the agent'}
          </Text>
        </Table.Td>
        <Table.Td>
          <Anchor component={Link} {...agents} size="sm" ff="monospace" style={{ wordBreak: 'break-word' }}>
            {pattern.pattern}
          </Anchor>
        </Table.Td>
        <Table.Td ta="right">
          <Anchor component={Link} {...agents} size="sm" aria-label={agentsInWords(pattern.agents)}>
            {pattern.agents.toLocaleString()}
          </Anchor>
        </Table.Td>
        <Table.Td ta="right">
          <Text size="sm">{pattern.occurrences.toLocaleString()}</Text>
        </Table.Td>
        <TimeCell value={pattern.firstSeenAt} />
        <TimeCell value={pattern.lastSeenAt} />
      </Table.Tr>
      {opened && (
        <Table.Tr id={sampleId}>
          <Table.Td colSpan={ERROR_PATTERN_COLUMNS}>
            <Stack gap={4} pl={40}>
              <Text size="xs" c="dimmed">
                The latest message, as sent by{' '}
                <Anchor component={Link} to={agentPagePath(pattern.sampleAgentId)} size="xs">
                  {pattern.sampleAgentId}
                </Anchor>
              </Text>
              <Code block fz="xs" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
                {pattern.sample}
              </Code>
            </Stack>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

function agentsInWords(count: number): string {
  return `List the ${count === 1 ? 'agent' : `${count.toLocaleString()} agents`} that reported it`;
}
