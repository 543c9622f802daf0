import { Button, Select, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { mayHoldTokens, type Role } from '@telegraf-controller/contract/permissions';
import type { User } from '@telegraf-controller/contract/users';
import { useState } from 'react';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { ManageRow } from '../../ui/ManageRow';
import { ROLE_DESCRIPTIONS, ROLE_LABELS, roleOptions } from '../../ui/roles';
import { useUpdateUser } from './users.queries';

type ChangeRoleActionProps = { user: User; roles: Role[] };

export function ChangeRoleAction({ user, roles }: ChangeRoleActionProps) {
  const [role, setRole] = useState<Role>(user.role);
  const [confirming, setConfirming] = useState(false);
  const update = useUpdateUser(user.id);
  // The current role is always listed, even an Administrator shown to the owner, so the select is never blank.
  const options = roleOptions(roles.includes(user.role) ? roles : [user.role, ...roles]);

  const close = () => {
    setConfirming(false);
    update.reset();
  };
  const confirm = () =>
    update.mutate(
      { role },
      {
        onSuccess: (updated) => {
          notifications.show({
            color: 'green',
            title: 'Role changed',
            message: `${updated.username} is now ${ROLE_LABELS[updated.role]}.`,
          });
          close();
        },
      },
    );

  return (
    <ManageRow
      title="Role"
      description="What this user may see and change. Only the owner can make someone an Administrator."
    >
      <Select
        aria-label="New role"
        data={options}
        value={role}
        onChange={(value) => value && setRole(value as Role)}
        allowDeselect={false}
        w={180}
      />
      <Button variant="default" disabled={role === user.role} onClick={() => setConfirming(true)}>
        Change role
      </Button>
      <ConfirmModal
        opened={confirming}
        onClose={close}
        title="Change role"
        confirmLabel="Change role"
        onConfirm={confirm}
        loading={update.isPending}
        error={update.error}
      >
        <Text size="sm">
          <b>{user.username}</b> goes from {ROLE_LABELS[user.role]} to <b>{ROLE_LABELS[role]}</b>.
        </Text>
        <Text size="sm" c="dimmed">
          {ROLE_LABELS[role]}: {ROLE_DESCRIPTIONS[role]}
        </Text>
        <Text size="sm">
          All of their sessions end, so they must sign in again. Their API tokens are narrowed to what the new role
          allows
          {mayHoldTokens(role) ? '' : `; a ${ROLE_LABELS[role]} cannot hold tokens, so all of their tokens are revoked`}
          .
        </Text>
      </ConfirmModal>
    </ManageRow>
  );
}
