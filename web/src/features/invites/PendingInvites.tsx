import { Button, Card, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Invite } from '@telegraf-controller/contract/users';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { formatDateTime } from '../../ui/format';
import { QueryError } from '../../ui/QueryError';
import { RoleBadge } from '../../ui/RoleBadge';
import { useCan } from '../auth/use-can';
import { InviteStatusBadge } from './InviteStatusBadge';
import { useDeleteInvite, useInvites } from './invites.queries';

/** Invites not yet accepted, expired ones included, above the accounts on the Users page. */
export function PendingInvites() {
  const invites = useInvites();
  const canDelete = useCan('invites:delete');
  const [deleting, setDeleting] = useState<Invite | null>(null);
  const deleteInvite = useDeleteInvite();
  const items = invites.data?.items ?? [];

  const closeDelete = () => {
    setDeleting(null);
    deleteInvite.reset();
  };
  const confirmDelete = () => {
    if (!deleting) return;
    deleteInvite.mutate(deleting.id, {
      onSuccess: () => {
        notifications.show({
          color: 'green',
          title: 'Invite deleted',
          message: `The link for ${deleting.username} no longer works.`,
        });
        closeDelete();
      },
    });
  };

  return (
    <Stack gap="sm" component="section" aria-labelledby="invites-heading">
      <Title order={2} fz="h4" id="invites-heading">
        Pending invites
      </Title>
      {invites.error && <QueryError error={invites.error} what="the invites" onRetry={() => void invites.refetch()} />}
      {invites.isPending && (
        <Text c="dimmed" size="sm">
          Loading invites…
        </Text>
      )}
      {invites.isSuccess && items.length === 0 && (
        <Text c="dimmed" size="sm">
          No pending invites.
        </Text>
      )}
      {items.length > 0 && (
        <Card withBorder padding={0} radius="md">
          <Table.ScrollContainer minWidth={640}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-labelledby="invites-heading">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>Username</Table.Th>
                  <Table.Th>Email</Table.Th>
                  <Table.Th>Role</Table.Th>
                  <Table.Th>Expires</Table.Th>
                  <Table.Th>Status</Table.Th>
                  {canDelete && <Table.Th aria-label="Actions" />}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((invite) => (
                  <Table.Tr key={invite.id}>
                    <Table.Td fw={600}>{invite.username}</Table.Td>
                    <Table.Td>{invite.email}</Table.Td>
                    <Table.Td>
                      <RoleBadge role={invite.role} />
                    </Table.Td>
                    <Table.Td>{formatDateTime(invite.expiresAt)}</Table.Td>
                    <Table.Td>
                      <InviteStatusBadge status={invite.status} />
                    </Table.Td>
                    {canDelete && (
                      <Table.Td ta="right">
                        <Button
                          variant="subtle"
                          color="red"
                          size="xs"
                          leftSection={<IconTrash size={14} aria-hidden />}
                          onClick={() => setDeleting(invite)}
                          aria-label={`Delete the invite for ${invite.username}`}
                        >
                          Delete
                        </Button>
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <ConfirmModal
        opened={deleting !== null}
        onClose={closeDelete}
        title="Delete invite"
        confirmLabel="Delete invite"
        color="red"
        onConfirm={confirmDelete}
        loading={deleteInvite.isPending}
        error={deleteInvite.error}
      >
        <Text size="sm">
          The invite link for <b>{deleting?.username}</b> stops working at once and cannot be restored. To let them join
          later, send a new invite.
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
