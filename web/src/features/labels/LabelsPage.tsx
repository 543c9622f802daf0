import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/use-can';
import { LabelFormModal } from './LabelFormModal';
import { LabelsTable } from './LabelsTable';

export function LabelsPage() {
  const canRead = useCan('labels:read');
  const canWrite = useCan('labels:write');
  const canDelete = useCan('labels:delete');
  const [adding, add] = useDisclosure(false);

  if (!canRead) {
    return (
      <>
        <PageHeader title="Labels" />
        <NoAccess>Your role cannot view labels.</NoAccess>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Labels"
        description="Labels group configurations, config groups and agents, for filtering lists and acting on many at once."
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={add.open}>
              Add Label
            </Button>
          )
        }
      />
      <LabelsTable canWrite={canWrite} canDelete={canDelete} onAdd={canWrite ? add.open : undefined} />
      {canWrite && <LabelFormModal label={null} opened={adding} onClose={add.close} />}
    </>
  );
}
