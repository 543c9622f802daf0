import { IconFileText } from '@tabler/icons-react';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

export function ConfigsPage() {
  return (
    <>
      <PageHeader
        title="Configurations"
        description="Telegraf configuration files that agents fetch by URL, with versions, aliases and parameters."
      />
      <EmptyState icon={IconFileText} title="No configurations yet">
        Configurations appear here once they are created. Each one is served to agents as TOML at its own URL.
      </EmptyState>
    </>
  );
}
