import { Button, Divider, Group, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { User } from '@telegraf-controller/contract/users';
import { IconTrash, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { ManageRow } from '../../ui/ManageRow';
import { useDeleteUser, useSetUserEnabled } from './users.queries';

type AccessActionsProps = {
  user: User;
  canDisable: boolean;
  canEnable: boolean;
  canDelete: boolean;
};

/** Disable/enable and delete: the actions that cut a user off, each behind a confirmation. */
export function AccessActions({ user, canDisable, canEnable, canDelete }: AccessActionsProps) {
  const navigate = useNavigate();
  const [confirming, setConfirming] = useState<'toggle' | 'delete' | null>(null);
  const setEnabled = useSetUserEnabled(user.id);
  const deleteUser = useDeleteUser(user.id);
  const enabling = user.status === 'disabled';

  const close = () => {
    setConfirming(null);
    setEnabled.reset();
    deleteUser.reset();
  };
  const toggle = () =>
    setEnabled.mutate(enabling, {
      onSuccess: (updated) => {
        notifications.show({
          color: 'green',
          title: enabling ? 'User enabled' : 'User disabled',
          message: enabling ? `${updated.username} can sign in again.` : `${updated.username} can no longer sign in.`,
        });
        close();
      },
    });
  const remove = () =>
    deleteUser.mutate(undefined, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'User deleted', message: `${user.username} was deleted.` });
        navigate('/users', { replace: true });
      },
    });

  return (
    <>
      {(canDisable || canEnable) && (
        <ManageRow
          title={enabling ? 'Enable' : 'Disable'}
          description={
            enabling
              ? 'Lets the user sign in again; their API tokens work again.'
              : 'Blocks sign-in and API tokens without deleting anything; can be undone.'
          }
        >
          <Button
            variant="default"
            color={enabling ? undefined : 'orange'}
            leftSection={enabling ? <IconUserCheck size={16} aria-hidden /> : <IconUserOff size={16} aria-hidden />}
            onClick={() => setConfirming('toggle')}
          >
            {enabling ? 'Enable user' : 'Disable user'}
          </Button>
        </ManageRow>
      )}
      {(canDisable || canEnable) && canDelete && <Divider />}
      {canDelete && (
        <ManageRow title="Delete" description="Removes the account and its API tokens for good.">
          <Button
            variant="light"
            color="red"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={() => setConfirming('delete')}
          >
            Delete user
          </Button>
        </ManageRow>
      )}
      <ConfirmModal
        opened={confirming === 'toggle'}
        onClose={close}
        title={enabling ? 'Enable user' : 'Disable user'}
        confirmLabel={enabling ? 'Enable user' : 'Disable user'}
        color={enabling ? undefined : 'orange'}
        onConfirm={toggle}
        loading={setEnabled.isPending}
        error={setEnabled.error}
      >
        <Text size="sm">
          {enabling ? (
            <>
              <b>{user.username}</b> can sign in again, and their API tokens work again at once.
            </>
          ) : (
            <>
              <b>{user.username}</b> is signed out everywhere and cannot sign in. Their API tokens stop working (they
              are kept, and work again if the user is enabled). Nothing they own is deleted.
            </>
          )}
        </Text>
      </ConfirmModal>
      <ConfirmModal
        opened={confirming === 'delete'}
        onClose={close}
        title="Delete user"
        confirmLabel="Delete user"
        color="red"
        onConfirm={remove}
        loading={deleteUser.isPending}
        error={deleteUser.error}
      >
        <Text size="sm">
          <b>{user.username}</b> is deleted with their credentials and sessions, and{' '}
          <b>all API tokens they own are deleted</b>: scripts and agents using them stop working. This cannot be undone.
        </Text>
        {canDisable && (
          <Group gap="xs" justify="space-between">
            <Text size="sm" c="dimmed">
              To block access but keep the account and its tokens, disable the user instead.
            </Text>
            <Button variant="subtle" size="xs" onClick={() => setConfirming('toggle')}>
              Disable instead
            </Button>
          </Group>
        )}
      </ConfirmModal>
    </>
  );
}
