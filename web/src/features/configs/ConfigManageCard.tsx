import { Button, Card, Text, Title } from '@mantine/core';
import type { Config } from '@telegraf-controller/contract/configs';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { ManageRow } from '../../ui/ManageRow';
import { ConfigDeleteDialog } from './ConfigDeleteDialog';

export function ConfigManageCard({ config, canDelete }: { config: Config; canDelete: boolean }) {
  const navigate = useNavigate();
  const [deleting, setDeleting] = useState(false);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="config-manage-heading">
      <Title order={2} fz="h4" id="config-manage-heading" mb="xs">
        Manage
      </Title>
      {canDelete ? (
        <ManageRow
          title="Delete configuration"
          description="Deletes the configuration and all its versions for good. Agents loading it by URL stop receiving it."
        >
          <Button
            variant="light"
            color="red"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={() => setDeleting(true)}
          >
            Delete Configuration
          </Button>
        </ManageRow>
      ) : (
        <Text size="sm" c="dimmed">
          Your role cannot delete configurations.
        </Text>
      )}
      <ConfigDeleteDialog
        configs={[config]}
        opened={deleting}
        onClose={() => setDeleting(false)}
        onDeleted={() => navigate('/configs', { replace: true })}
      />
    </Card>
  );
}
