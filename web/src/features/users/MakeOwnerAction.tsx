import { Button, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { User } from '@telegraf-controller/contract/users';
import { IconCrown } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { ManageRow } from '../../ui/ManageRow';
import { useTransferOwnership } from './users.queries';

/** Hands ownership to an active Administrator, confirmed by typing their username; signs the caller out. */
export function MakeOwnerAction({ user }: { user: User }) {
  const navigate = useNavigate();
  const [opened, setOpened] = useState(false);
  const [typed, setTyped] = useState('');
  const transfer = useTransferOwnership(user.id);

  const close = () => {
    setOpened(false);
    setTyped('');
    transfer.reset();
  };
  const confirm = () =>
    transfer.mutate(undefined, {
      onSuccess: (owner) => {
        notifications.show({
          color: 'green',
          title: 'Ownership transferred',
          message: `${owner.username} is now the owner. Sign in again to continue as an Administrator.`,
        });
        navigate('/login', { replace: true });
      },
    });

  return (
    <ManageRow title="Ownership" description="Make this Administrator the owner; you become an Administrator.">
      <Button
        variant="default"
        color="grape"
        leftSection={<IconCrown size={16} aria-hidden />}
        onClick={() => setOpened(true)}
      >
        Make Owner
      </Button>
      <ConfirmModal
        opened={opened}
        onClose={close}
        title="Transfer ownership"
        confirmLabel="Transfer Ownership"
        color="red"
        onConfirm={confirm}
        loading={transfer.isPending}
        confirmDisabled={typed !== user.username}
        error={transfer.error}
      >
        <Text size="sm">
          <b>{user.username}</b> becomes the owner and you become an Administrator. Both of you are signed out at once.
          You cannot take ownership back: only the new owner can transfer it again.
        </Text>
        <TextInput
          label={
            <>
              Type <b>{user.username}</b> to confirm
            </>
          }
          value={typed}
          onChange={(event) => setTyped(event.currentTarget.value)}
          autoComplete="off"
          data-autofocus
        />
      </ConfirmModal>
    </ManageRow>
  );
}
