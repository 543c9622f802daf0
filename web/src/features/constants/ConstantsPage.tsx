import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/use-can';
import { ConstantFormModal } from './ConstantFormModal';
import { ConstantsTable } from './ConstantsTable';

export function ConstantsPage() {
  const canRead = useCan('constants:read');
  const canWrite = useCan('constants:write');
  const canDelete = useCan('constants:delete');
  const [adding, add] = useDisclosure(false);

  if (!canRead) {
    return (
      <>
        <PageHeader title="Constants" />
        <NoAccess>Your role cannot view constants.</NoAccess>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Constants"
        description={
          <>
            Global values, such as endpoints and organisation names, that any configuration refers to as{' '}
            <code style={{ whiteSpace: 'nowrap' }}>::{'{name}'}</code>. The controller fills them in when an agent loads
            a configuration. Values are stored in plain text: keep secrets out of them.
          </>
        }
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={add.open}>
              Add Constant
            </Button>
          )
        }
      />
      <ConstantsTable canWrite={canWrite} canDelete={canDelete} onAdd={canWrite ? add.open : undefined} />
      {canWrite && <ConstantFormModal constant={null} opened={adding} onClose={add.close} />}
    </>
  );
}
