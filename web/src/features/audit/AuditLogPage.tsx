import { Button, Stack } from '@mantine/core';
import type { AuditEntry } from '@telegraf-controller/contract/audit';
import { IconShieldCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { QueryError } from '../../ui/QueryError';
import { useLastPresent } from '../../ui/use-last-present';
import { useCan } from '../auth/use-can';
import { useVerifyAuditChain } from './audit.queries';
import { AuditEntryDrawer } from './AuditEntryDrawer';
import { AuditExportMenu } from './AuditExportMenu';
import { AuditFilterBar } from './AuditFilterBar';
import { AuditTable } from './AuditTable';
import { ChainVerificationAlert } from './ChainVerificationAlert';
import { useAuditFilters } from './use-audit-filters';

export function AuditLogPage() {
  const canRead = useCan('audit-logs:read');
  const filters = useAuditFilters();
  const verify = useVerifyAuditChain();
  const [opened, setOpened] = useState<AuditEntry | null>(null);
  const shown = useLastPresent(opened);

  if (!canRead) {
    return (
      <>
        <PageHeader title="Audit Log" />
        <NoAccess>Your role cannot view the audit log.</NoAccess>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Audit Log"
        description="Who did what, when and from where: sign-ins, changes and refused requests, each entry chained to the one before by its hash, so an altered or removed entry shows."
        actions={
          <>
            <Button
              variant="default"
              leftSection={<IconShieldCheck size={18} aria-hidden />}
              loading={verify.isPending}
              onClick={() => verify.mutate()}
            >
              Verify chain
            </Button>
            <AuditExportMenu filters={filters.applied} />
          </>
        }
      />
      <Stack gap="sm">
        {verify.error && <QueryError error={verify.error} what="the chain's verification" />}
        {verify.data && <ChainVerificationAlert result={verify.data} onClose={verify.reset} />}
        <AuditFilterBar state={filters} />
        <AuditTable filters={filters.applied} onOpen={setOpened} />
      </Stack>
      <AuditEntryDrawer entry={shown} opened={opened !== null} onClose={() => setOpened(null)} />
    </>
  );
}
