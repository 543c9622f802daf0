import { Card, Checkbox, Stack, Switch, Table, Text } from '@mantine/core';
import type { AgentSummaryRow } from '@telegraf-controller/contract/agents';
import { useState } from 'react';
import { QueryError } from '../../ui/QueryError';
import { FirstRunSteps } from '../onboarding/FirstRunSteps';
import { useLastPresent } from '../../ui/use-last-present';
import { useSelection } from '../../ui/use-selection';
import { agentName } from './agent-name';
import { AgentBulkBar } from './AgentBulkBar';
import { AgentDeleteDialog } from './AgentDeleteDialog';
import { AgentFilterBar } from './AgentFilterBar';
import { useAgents, useAgentsSummary } from './agents.queries';
import { AgentsPager } from './AgentsPager';
import { AgentTableRow } from './AgentTableRow';
import { FleetSummary } from './FleetSummary';
import { SortableTh } from './SortableTh';
import { useAgentList, type SortColumn } from './use-agent-list';

type AgentsListProps = {
  canWrite: boolean;
  canDelete: boolean;
  /** Auto-refresh in milliseconds; 0 = off. */
  refreshMs: number;
};

/** The fleet summary and the agents table under the same filters, sorted and paginated by the server. */
export function AgentsList({ canWrite, canDelete, refreshMs }: AgentsListProps) {
  const list = useAgentList();
  const polling = { refetchInterval: refreshMs > 0 ? refreshMs : (false as const) };
  const agents = useAgents(list.query, polling);
  const summary = useAgentsSummary(list.filters, polling);
  const [showLabels, setShowLabels] = useState(false);
  const [deleting, setDeleting] = useState<AgentSummaryRow | null>(null);
  const shownDeleting = useLastPresent(deleting);
  const rows = agents.data?.items ?? [];
  const selection = useSelection(rows);
  const selectable = canWrite || canDelete;
  const total = agents.data?.total ?? 0;

  // Any change of view starts over at page 1 with nothing selected.
  const changeView =
    <A extends unknown[]>(change: (...args: A) => void) =>
    (...args: A) => {
      change(...args);
      selection.clear();
    };
  const sortProps = (column: SortColumn) => ({
    order: list.sort.sortBy === column ? list.sort.sortOrder : null,
    onSort: changeView(() => list.sortByColumn(column)),
  });

  if (agents.isSuccess && total === 0 && !list.filtered) {
    return <FirstRunSteps title="No agents yet" />;
  }

  return (
    <Stack gap="md">
      {summary.data && (
        <FleetSummary summary={summary.data} onShowFlag={changeView((flag) => list.setFilter({ flag }))} />
      )}
      <AgentFilterBar
        chosen={list.chosen}
        onChange={changeView(list.setFilter)}
        onClear={changeView(list.clearFilters)}
      />
      <Switch
        label="Show labels"
        checked={showLabels}
        onChange={(event) => setShowLabels(event.currentTarget.checked)}
      />
      {selection.selected.length > 0 && (
        <AgentBulkBar
          selected={selection.selected}
          onClear={selection.clear}
          canWrite={canWrite}
          canDelete={canDelete}
        />
      )}
      {agents.error && <QueryError error={agents.error} what="the agents" onRetry={() => void agents.refetch()} />}
      {agents.isPending && (
        <Text c="dimmed" size="sm">
          Loading agents…
        </Text>
      )}
      {agents.data && (
        <Card withBorder padding={0} radius="md">
          <Table.ScrollContainer minWidth={800}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Agents" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  {selectable && (
                    <Table.Th w={40}>
                      <Checkbox aria-label="Select all shown agents" {...selection.allProps} />
                    </Table.Th>
                  )}
                  <SortableTh {...sortProps('hostname')}>Agent</SortableTh>
                  <SortableTh {...sortProps('status')} w={230}>
                    Status
                  </SortableTh>
                  <Table.Th w={200}>Version</Table.Th>
                  <SortableTh {...sortProps('lastSeen')} w={170}>
                    Last Reported
                  </SortableTh>
                  <Table.Th w={48} aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((agent) => (
                  <AgentTableRow
                    key={agent.id}
                    agent={agent}
                    showLabels={showLabels}
                    selectable={selectable}
                    selected={selection.isSelected(agent.id)}
                    onSelect={(on) => selection.select([agent.id], on)}
                    onDelete={canDelete ? () => setDeleting(agent) : undefined}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {rows.length === 0 && (
            <Text c="dimmed" size="sm" p="md">
              No agent matches these filters.
            </Text>
          )}
        </Card>
      )}
      <AgentsPager
        pageIndex={list.pageIndex}
        limit={list.limit}
        onLimit={changeView(list.setLimit)}
        shown={rows.length}
        total={total}
        hasNext={Boolean(agents.data?.nextCursor)}
        onPrevious={changeView(list.previous)}
        onNext={changeView(() => agents.data?.nextCursor && list.next(agents.data.nextCursor))}
      />
      <AgentDeleteDialog
        agents={shownDeleting ? [{ id: shownDeleting.id, name: agentName(shownDeleting) }] : []}
        opened={deleting !== null}
        onClose={() => setDeleting(null)}
        onDeleted={() => deleting && selection.select([deleting.id], false)}
      />
    </Stack>
  );
}
