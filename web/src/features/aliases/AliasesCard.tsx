import { Card, Menu, Stack, Table, Text, Title, Tooltip } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconArrowsExchange, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { CopyValue } from '../../ui/CopyValue';
import { LoadMoreFooter } from '../../ui/LoadMoreFooter';
import { QueryError } from '../../ui/QueryError';
import { RowMenu } from '../../ui/RowMenu';
import { TimeCell } from '../../ui/TimeCell';
import { useLastPresent } from '../../ui/use-last-present';
import { useCan } from '../auth/use-can';
import { useAgentBaseUrl, type ConfigSource } from '../configs/configs.queries';
import { AliasAddForm } from './AliasAddForm';
import { AliasTransferModal } from './AliasTransferModal';
import { useAliases, useRemoveAlias } from './aliases.queries';

type AliasesCardProps = { source: ConfigSource; id: string };

/** The stable names agents load a configuration or group by (`/c/{alias}`): add, copy, move elsewhere, remove. */
export function AliasesCard({ source, id }: AliasesCardProps) {
  const canWrite = useCan(source.writePermission);
  // The transfer route asks for configs:write whatever the alias names now, as it points it at a configuration.
  const canMove = useCan('configs:write') && canWrite;
  const aliases = useAliases(source, id);
  const base = useAgentBaseUrl(source, id);
  const [removing, setRemoving] = useState<string | null>(null);
  const [moving, setMoving] = useState<string | null>(null);
  const shownRemoving = useLastPresent(removing);
  const remove = useRemoveAlias(source, id);
  const rows = aliases.data?.pages.flatMap((page) => page.items) ?? [];
  const total = aliases.data?.pages[0]?.total ?? 0;

  const closeRemove = () => {
    setRemoving(null);
    remove.reset();
  };
  const confirmRemove = () => {
    if (!removing) return;
    remove.mutate(removing, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Alias removed', message: `/c/${removing} no longer answers.` });
        closeRemove();
      },
    });
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="aliases-heading">
      <Stack gap="md">
        <div>
          <Title order={2} fz="h4" id="aliases-heading">
            Aliases
          </Title>
          <Text size="sm" c="dimmed">
            An alias is a readable URL for this {source.noun}. Agents that load it follow the alias: move it to another
            configuration and they switch at their next check, without a change on the host.
          </Text>
        </div>
        {canWrite && <AliasAddForm source={source} id={id} />}
        {aliases.error && (
          <QueryError error={aliases.error} what="the aliases" onRetry={() => void aliases.refetch()} />
        )}
        {aliases.isPending && (
          <Text size="sm" c="dimmed">
            Loading aliases…
          </Text>
        )}
        {aliases.isSuccess && total === 0 && (
          <Text size="sm" c="dimmed">
            No aliases yet. Agents load this {source.noun} by its ID.
          </Text>
        )}
        {rows.length > 0 && (
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" aria-label="Aliases">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Alias</Table.Th>
                  <Table.Th>URL</Table.Th>
                  <Table.Th w={90}>Agents</Table.Th>
                  <Table.Th w={150}>Added</Table.Th>
                  {canWrite && <Table.Th w={48} aria-label="Actions" />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map(({ alias, agents, createdAt }) => (
                  <Table.Tr key={alias}>
                    <Table.Td>
                      <Text size="sm" ff="monospace" fw={600}>
                        {alias}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <CopyValue value={`${base}/c/${alias}`} label={`Copy URL of ${alias}`} link />
                    </Table.Td>
                    <Table.Td>
                      <Tooltip label={`Agents that report loading this ${source.noun} through ${alias}`}>
                        <Text size="sm" w="fit-content">
                          {agents}
                        </Text>
                      </Tooltip>
                    </Table.Td>
                    <TimeCell value={createdAt} />
                    {canWrite && (
                      <Table.Td>
                        <RowMenu name={alias}>
                          {canMove && (
                            <Menu.Item
                              leftSection={<IconArrowsExchange size={14} aria-hidden />}
                              onClick={() => setMoving(alias)}
                            >
                              Move to…
                            </Menu.Item>
                          )}
                          <Menu.Item
                            color="red"
                            leftSection={<IconTrash size={14} aria-hidden />}
                            onClick={() => setRemoving(alias)}
                          >
                            Remove
                          </Menu.Item>
                        </RowMenu>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        <LoadMoreFooter
          shown={rows.length}
          total={total}
          hasMore={aliases.hasNextPage}
          loading={aliases.isFetchingNextPage}
          onLoadMore={() => void aliases.fetchNextPage()}
        />
      </Stack>
      <ConfirmModal
        opened={removing !== null}
        onClose={closeRemove}
        title="Remove alias"
        confirmLabel="Remove"
        color="red"
        onConfirm={confirmRemove}
        loading={remove.isPending}
        error={remove.error}
      >
        <Text size="sm">
          <code>/c/{shownRemoving}</code> will stop answering: agents that load this {source.noun} by the alias get an
          error from then on and stop receiving changes. Agents that use its ID are not affected.
        </Text>
      </ConfirmModal>
      <AliasTransferModal alias={moving} source={source} id={id} onClose={() => setMoving(null)} />
    </Card>
  );
}
