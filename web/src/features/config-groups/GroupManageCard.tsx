import { Button, Card, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ConfigGroup } from '@telegraf-controller/contract/configs';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { ManageRow } from '../../ui/ManageRow';
import { useDeleteConfigGroup } from './config-groups.queries';

export function GroupManageCard({ group, canDelete }: { group: ConfigGroup; canDelete: boolean }) {
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  const remove = useDeleteConfigGroup();
  const close = () => {
    remove.reset();
    setDeleting(false);
  };
  const aliases = group.aliases.map((alias) => `/c/${alias}`).join(', ');

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="group-manage-heading">
      <Title order={2} fz="h4" id="group-manage-heading" mb="xs">
        Manage
      </Title>
      {canDelete ? (
        <ManageRow
          title="Delete config group"
          description="Deletes the group and its aliases. Its configurations stay as they are. Agents loading the group by URL stop receiving it."
        >
          <Button
            variant="light"
            color="red"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={() => setDeleting(true)}
          >
            Delete Config Group
          </Button>
        </ManageRow>
      ) : (
        <Text size="sm" c="dimmed">
          Your role cannot delete config groups.
        </Text>
      )}
      <ConfirmModal
        opened={deleting}
        onClose={close}
        title="Delete config group"
        confirmLabel="Delete"
        color="red"
        loading={remove.isPending}
        error={remove.error}
        onConfirm={() =>
          remove.mutate(group.id, {
            onSuccess: () => {
              notifications.show({ color: 'green', title: 'Config group deleted', message: `${group.name} is gone.` });
              close();
              navigate('/config-groups', { replace: true });
            },
          })
        }
      >
        <Text size="sm">
          <b>{group.name}</b> will be deleted for good{aliases ? <>, with its aliases {aliases}</> : ''}. Agents that
          load it by its URL{aliases ? ' or an alias' : ''} get an error from their next check on. The configurations in
          it ({group.configIds.length}) are not deleted.
        </Text>
      </ConfirmModal>
    </Card>
  );
}
