import { Button } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { Link } from 'react-router';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/use-can';
import { ConfigsTable } from './ConfigsTable';

export function ConfigsPage() {
  const canRead = useCan('configs:read');
  const canWrite = useCan('configs:write');
  const canDelete = useCan('configs:delete');

  if (!canRead) {
    return (
      <>
        <PageHeader title="Configurations" />
        <NoAccess>Your role cannot view configurations.</NoAccess>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Configurations"
        description="Telegraf configuration files that agents fetch by URL, with versions and substitution values."
        actions={
          canWrite && (
            <Button component={Link} to="/configs/new" leftSection={<IconPlus size={18} aria-hidden />}>
              Add Config
            </Button>
          )
        }
      />
      <ConfigsTable canWrite={canWrite} canDelete={canDelete} />
    </>
  );
}
