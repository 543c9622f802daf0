import { IconStack2 } from '@tabler/icons-react';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

export function ConfigGroupsPage() {
  return (
    <>
      <PageHeader
        title="Config Groups"
        description="Ordered sets of configurations, merged into one TOML document for the agents that use them."
      />
      <EmptyState icon={IconStack2} title="No config groups yet">
        Config groups appear here once they are assembled from existing configurations.
      </EmptyState>
    </>
  );
}
