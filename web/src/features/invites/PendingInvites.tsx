import { Button, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Invite } from '@telegraf-controller/contract/users';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { formatDateTime } from '../../ui/format';
import { PagedTable } from '../../ui/PagedTable';
import { RoleBadge } from '../../ui/RoleBadge';
import { useCan } from '../auth/use-can';
import { InviteStatusBadge } from './InviteStatusBadge';
import { useDeleteInvite, useInvites } from './invites.queries';

/** Invites not yet accepted, expired ones included, newest first, above the accounts on the Users page. */
export function PendingInvites() {
  const invites = useInvites();
  const canDelete = useCan('invites:delete');
  const [deleting, setDeleting] = useState<Invite | null>(null);
  const deleteInvite = useDeleteInvite();
  const items = invites.data?.pages.flatMap((page) => page.items) ?? [];
  const total = invites.data?.pages[0]?.total ?? 0;

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
      {invites.isSuccess && total === 0 ? (
        <Text c="dimmed" size="sm">
          No pending invites.
        </Text>
      ) : (
        <PagedTable
          query={invites}
          label="Pending invites"
          what="the invites"
          minWidth={640}
          rowMenus={false}
          head={
            <>
              <Table.Th>Username</Table.Th>
              <Table.Th>Email</Table.Th>
              <Table.Th>Role</Table.Th>
              <Table.Th>Expires</Table.Th>
              <Table.Th>Status</Table.Th>
              {canDelete && <Table.Th aria-label="Actions" />}
            </>
          }
          noMatch="No pending invites."
        >
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
        </PagedTable>
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
