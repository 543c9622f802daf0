import { Button, Card, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ReportingRule } from '@telegraf-controller/contract/reporting-rules';
import { IconActivityHeartbeat } from '@tabler/icons-react';
import { useState } from 'react';
import { EmptyState } from '../../ui/EmptyState';
import { LoadMoreFooter } from '../../ui/LoadMoreFooter';
import { QueryError } from '../../ui/QueryError';
import { ReportingRuleDeleteDialog } from './ReportingRuleDeleteDialog';
import { ReportingRuleFormModal } from './ReportingRuleFormModal';
import { ReportingRuleTableRow } from './ReportingRuleTableRow';
import { useMakeDefaultReportingRule, useReportingRules } from './reporting-rules.queries';

type ReportingRulesTableProps = { canWrite: boolean; canDelete: boolean; onAdd?: () => void };

/** The rules, the default first, paginated by the server, with edit, make default and delete. */
export function ReportingRulesTable({ canWrite, canDelete, onAdd }: ReportingRulesTableProps) {
  const rules = useReportingRules();
  const makeDefault = useMakeDefaultReportingRule();
  const [editing, setEditing] = useState<ReportingRule | null>(null);
  const [deleting, setDeleting] = useState<ReportingRule | null>(null);
  const rows = rules.data?.pages.flatMap((page) => page.items) ?? [];
  const total = rules.data?.pages[0]?.total ?? 0;
  const defaultRule = rows.find((rule) => rule.isDefault);

  const setDefault = (rule: ReportingRule) =>
    makeDefault.mutate(rule.id, {
      onSuccess: (saved) =>
        notifications.show({
          color: 'green',
          title: 'Default rule changed',
          message: `New agents now follow ${saved.description}.`,
        }),
      onError: (error) =>
        notifications.show({ color: 'red', title: 'The default was not changed', message: error.detail }),
    });

  if (rules.error) {
    return <QueryError error={rules.error} what="the reporting rules" onRetry={() => void rules.refetch()} />;
  }
  if (rules.isPending) {
    return (
      <Text c="dimmed" size="sm">
        Loading reporting rules…
      </Text>
    );
  }
  if (total === 0) {
    return (
      <EmptyState
        icon={IconActivityHeartbeat}
        title="No reporting rules yet"
        action={
          onAdd && (
            <Button variant="light" onClick={onAdd}>
              Add the first rule
            </Button>
          )
        }
      >
        A reporting rule says how long an agent may stay silent before it shows as Not Reporting.
      </EmptyState>
    );
  }
  return (
    <Stack gap="sm">
      <Card withBorder padding={0} radius="md">
        <Table.ScrollContainer minWidth={1000}>
          <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Reporting rules" highlightOnHover>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Description</Table.Th>
                <Table.Th w={200}>Not Reporting After</Table.Th>
                <Table.Th w={160}>Auto-delete</Table.Th>
                <Table.Th w={170}>Silent After</Table.Th>
                <Table.Th w={170}>Degrading After</Table.Th>
                <Table.Th w={130}>Default</Table.Th>
                <Table.Th w={90}>Agents</Table.Th>
                <Table.Th w={48} aria-label="Actions" />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((rule) => (
                <ReportingRuleTableRow
                  key={rule.id}
                  rule={rule}
                  onEdit={canWrite ? () => setEditing(rule) : undefined}
                  onMakeDefault={canWrite ? () => setDefault(rule) : undefined}
                  onDelete={canDelete ? () => setDeleting(rule) : undefined}
                />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <LoadMoreFooter
        shown={rows.length}
        total={total}
        hasMore={rules.hasNextPage}
        loading={rules.isFetchingNextPage}
        onLoadMore={() => void rules.fetchNextPage()}
      />
      <ReportingRuleFormModal rule={editing} opened={editing !== null} onClose={() => setEditing(null)} />
      <ReportingRuleDeleteDialog rule={deleting} defaultRule={defaultRule} onClose={() => setDeleting(null)} />
    </Stack>
  );
}
