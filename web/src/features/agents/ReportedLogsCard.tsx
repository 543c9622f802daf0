import { Alert, Button, Card, Collapse, Group, Table, Text, Title, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { StoredLogEntry } from '@telegraf-controller/contract/agents';
import { IconChevronDown, IconChevronRight, IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { useState } from 'react';
import { LogRow } from './LogRow';

type ReportedLogsCardProps = {
  agentId: string;
  logs: StoredLogEntry[];
  /** How many entries the agent sent with its latest heartbeat; more than `logs` when the cap cut some. */
  reportedCount: number;
};

/** Saves the entries shown as a JSON file. */
function downloadJson(agentId: string, logs: StoredLogEntry[]) {
  const url = URL.createObjectURL(new Blob([JSON.stringify(logs, null, 2)], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `${agentId.replace(/[^\w.-]+/g, '_')}-logs.json`;
  link.click();
  URL.revokeObjectURL(url);
}

/** The log entries of the latest heartbeat, collapsible; a row opens to the full message and its attributes. */
export function ReportedLogsCard({ agentId, logs, reportedCount }: ReportedLogsCardProps) {
  const [open, toggle] = useDisclosure(true);
  const [expanded, setExpanded] = useState<number | null>(null);
  const caption = reportedCount > logs.length ? `${logs.length} of ${reportedCount}` : `${logs.length}`;

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="logs-heading">
      <Group justify="space-between">
        <UnstyledButton onClick={toggle.toggle} aria-expanded={open} aria-controls="reported-logs">
          <Group gap="xs">
            {open ? <IconChevronDown size={18} aria-hidden /> : <IconChevronRight size={18} aria-hidden />}
            <Title order={2} fz="h4" id="logs-heading">
              Reported Logs
            </Title>
            <Text size="sm" c="dimmed" data-testid="logs-caption">
              {caption}
            </Text>
          </Group>
        </UnstyledButton>
        {logs.length > 0 && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconDownload size={14} aria-hidden />}
            onClick={() => downloadJson(agentId, logs)}
          >
            Download JSON
          </Button>
        )}
      </Group>
      <Collapse in={open} id="reported-logs">
        {logs.length === 0 ? (
          <Alert variant="light" color="gray" icon={<IconInfoCircle aria-hidden />} mt="md">
            The latest heartbeat carried no log entries. To see recent errors and warnings here, add{' '}
            <code>&quot;logs&quot;</code> to <code>include</code> in the agent&apos;s <code>[[outputs.heartbeat]]</code>{' '}
            section.
          </Alert>
        ) : (
          <Table.ScrollContainer minWidth={700} mt="md">
            <Table verticalSpacing="xs" aria-label="Reported logs" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={190}>Time</Table.Th>
                  <Table.Th w={80}>Level</Table.Th>
                  <Table.Th w={180}>Source</Table.Th>
                  <Table.Th>Message</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {logs.map((entry, index) => (
                  <LogRow
                    key={index}
                    entry={entry}
                    expanded={expanded === index}
                    onToggle={() => setExpanded(expanded === index ? null : index)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
      </Collapse>
    </Card>
  );
}
