import { IconActivityHeartbeat } from '@tabler/icons-react';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

export function ReportingRulesPage() {
  return (
    <>
      <PageHeader
        title="Reporting Rules"
        description="Rules that decide when an agent counts as not reporting and when it is removed."
      />
      <EmptyState icon={IconActivityHeartbeat} title="No reporting rules to show">
        Reporting rules appear here, starting with the default rule that every new agent follows.
      </EmptyState>
    </>
  );
}
