import { IconVariable } from '@tabler/icons-react';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

export function ConstantsPage() {
  return (
    <>
      <PageHeader
        title="Constants"
        description="Global values, such as endpoints and organisation names, that any configuration can refer to."
      />
      <EmptyState icon={IconVariable} title="No constants yet">
        Constants appear here once they are defined; configurations refer to them by name.
      </EmptyState>
    </>
  );
}
