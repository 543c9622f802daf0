import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/use-can';
import { AddConfigGroupModal } from './AddConfigGroupModal';
import { ConfigGroupsTable } from './ConfigGroupsTable';

export function ConfigGroupsPage() {
  const canRead = useCan('config-groups:read');
  const canWrite = useCan('config-groups:write');
  const [adding, add] = useDisclosure(false);

  if (!canRead) {
    return (
      <>
        <PageHeader title="Config Groups" />
        <NoAccess>Your role cannot view config groups.</NoAccess>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Config Groups"
        description="Ordered sets of configurations, merged into one TOML document for the agents that use them."
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={add.open}>
              Add Config Group
            </Button>
          )
        }
      />
      <ConfigGroupsTable canWrite={canWrite} onAdd={add.open} />
      {canWrite && <AddConfigGroupModal opened={adding} onClose={add.close} />}
    </>
  );
}
