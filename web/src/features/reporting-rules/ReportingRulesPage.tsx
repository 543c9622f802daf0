import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/use-can';
import { ReportingRuleFormModal } from './ReportingRuleFormModal';
import { ReportingRulesTable } from './ReportingRulesTable';

export function ReportingRulesPage() {
  const canRead = useCan('reporting-rules:read');
  const canWrite = useCan('reporting-rules:write');
  const canDelete = useCan('reporting-rules:delete');
  const [adding, add] = useDisclosure(false);

  if (!canRead) {
    return (
      <>
        <PageHeader title="Reporting Rules" />
        <NoAccess>Your role cannot view reporting rules.</NoAccess>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Reporting Rules"
        description="How long an agent may stay silent before it shows as Not Reporting, whether it is then deleted, and after how many heartbeats it is flagged Silent or Degrading. New agents follow the default rule."
        actions={
          canWrite && (
            <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={add.open}>
              Add Rule
            </Button>
          )
        }
      />
      <ReportingRulesTable canWrite={canWrite} canDelete={canDelete} onAdd={canWrite ? add.open : undefined} />
      {canWrite && <ReportingRuleFormModal rule={null} opened={adding} onClose={add.close} />}
    </>
  );
}
