import { IconTags } from '@tabler/icons-react';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

export function LabelsPage() {
  return (
    <>
      <PageHeader
        title="Labels"
        description="Key–value labels that group configurations, config groups and agents for filtering and rollouts."
      />
      <EmptyState icon={IconTags} title="No labels yet">
        Labels appear here once they are created or attached to a configuration, config group or agent.
      </EmptyState>
    </>
  );
}
