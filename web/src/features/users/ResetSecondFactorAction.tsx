import { Button, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { User } from '@telegraf-controller/contract/users';
import { IconShieldOff } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { ManageRow } from '../../ui/ManageRow';
import { useResetUserSecondFactor, useUserSecondFactor } from '../second-factor/second-factor.queries';

/** The owner removes a user's second factor after they lost their device; they set up a new one. */
export function ResetSecondFactorAction({ user }: { user: User }) {
  const [confirming, setConfirming] = useState(false);
  const status = useUserSecondFactor(user.id, true);
  const reset = useResetUserSecondFactor(user.id);
  const enrolled = status.data?.enrolled ?? false;
  const close = () => {
    setConfirming(false);
    reset.reset();
  };

  return (
    <ManageRow
      title="Two-factor authentication"
      description={
        status.data === undefined
          ? 'Whether the user signs in with a code from an authenticator app.'
          : enrolled
            ? 'On: the user signs in with a code from an authenticator app. Reset it when they lost the device.'
            : 'Off for this user.'
      }
    >
      <Button
        variant="default"
        color="orange"
        disabled={!enrolled}
        leftSection={<IconShieldOff size={16} aria-hidden />}
        onClick={() => setConfirming(true)}
      >
        Reset second factor
      </Button>
      <ConfirmModal
        opened={confirming}
        onClose={close}
        title="Reset second factor"
        confirmLabel="Reset second factor"
        color="orange"
        onConfirm={() =>
          reset.mutate(undefined, {
            onSuccess: () => {
              notifications.show({
                color: 'green',
                title: 'Second factor reset',
                message: `${user.username} signs in with the password alone, or sets up a new app if their role requires one.`,
              });
              close();
            },
          })
        }
        loading={reset.isPending}
        error={reset.error}
      >
        <Text size="sm">
          <b>{user.username}</b>&apos;s authenticator app and recovery codes stop working. Make sure it is really them
          who asked: until they set up a new app, their password alone signs them in (unless their role requires a
          second factor, in which case they must set one up first).
        </Text>
      </ConfirmModal>
    </ManageRow>
  );
}
