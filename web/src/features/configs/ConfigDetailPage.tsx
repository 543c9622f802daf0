import { Button, Stack, Tabs } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconFileOff, IconPlayerPlay } from '@tabler/icons-react';
import { useParams, useSearchParams } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { QueryError } from '../../ui/QueryError';
import { useCan } from '../auth/use-can';
import { LabelsBox } from '../labels/LabelsBox';
import { AgentsLoadingTab } from '../agents/AgentsLoadingTab';
import { AgentsPerVersionCard } from '../agents/AgentsPerVersionCard';
import { AliasesCard } from '../aliases/AliasesCard';
import { RolloutsTab } from '../rollouts/RolloutsTab';
import { BackToConfigs } from './BackToConfigs';
import { UseConfigModal } from './command/UseConfigModal';
import { ConfigEditTab } from './ConfigEditTab';
import { ConfigFacts } from './ConfigFacts';
import { ConfigManageCard } from './ConfigManageCard';
import { CONFIG_LABELS, CONFIG_SOURCE, useConfig } from './configs.queries';
import { VersionsTab } from './versions/VersionsTab';

export function ConfigDetailPage() {
  const { id = '' } = useParams();
  const canRead = useCan('configs:read');
  const canWrite = useCan('configs:write');
  const canDelete = useCan('configs:delete');
  const config = useConfig(id, canRead);
  const [using, use] = useDisclosure(false);
  // The open tab lives in the URL, so a rollout's page can link back to the Rollouts tab.
  const [params, setParams] = useSearchParams();
  const tab = params.get('tab') ?? 'configuration';

  if (!canRead) {
    return (
      <>
        <PageHeader title="Configuration" />
        <NoAccess>Your role cannot view configurations.</NoAccess>
      </>
    );
  }
  if (config.error?.status === 404) {
    return (
      <>
        <BackToConfigs />
        <PageHeader title="Configuration not found" />
        <EmptyState icon={IconFileOff} title="No such configuration">
          This configuration does not exist. It may have been deleted.
        </EmptyState>
      </>
    );
  }
  if (config.error) {
    return <QueryError error={config.error} what="the configuration" onRetry={() => void config.refetch()} />;
  }
  if (!config.data) return <PageLoader />;

  const c = config.data;
  return (
    <Stack gap="md">
      <div>
        <BackToConfigs />
        <PageHeader
          title={c.name}
          description={c.description ?? undefined}
          actions={
            <Button leftSection={<IconPlayerPlay size={18} aria-hidden />} onClick={use.open}>
              Use this Configuration
            </Button>
          }
        />
        <ConfigFacts config={c} />
      </div>
      <Tabs
        value={tab}
        onChange={(next) => setParams(next && next !== 'configuration' ? { tab: next } : {}, { replace: true })}
      >
        <Tabs.List mb="lg">
          <Tabs.Tab value="configuration">Configuration</Tabs.Tab>
          <Tabs.Tab value="versions">Versions</Tabs.Tab>
          <Tabs.Tab value="rollouts">Rollouts</Tabs.Tab>
          <Tabs.Tab value="agents">Agents</Tabs.Tab>
          <Tabs.Tab value="aliases">Aliases</Tabs.Tab>
          <Tabs.Tab value="labels">Labels</Tabs.Tab>
          <Tabs.Tab value="manage">Manage</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="configuration">
          {/* A saved change (here, or a rollback) starts the form over from what the server now holds. */}
          <ConfigEditTab key={c.updatedAt} config={c} canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="versions">
          <VersionsTab config={c} canWrite={canWrite} canDelete={canDelete} />
        </Tabs.Panel>
        <Tabs.Panel value="rollouts">
          <RolloutsTab config={c} canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="agents">
          <Stack gap="lg">
            <AgentsPerVersionCard configId={c.id} />
            <AgentsLoadingTab target={{ config: c.id }} noun="configuration" />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="aliases">
          <AliasesCard source={CONFIG_SOURCE} id={c.id} />
        </Tabs.Panel>
        <Tabs.Panel value="labels">
          <LabelsBox resource={CONFIG_LABELS} item={c} canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="manage">
          <ConfigManageCard config={c} canDelete={canDelete} />
        </Tabs.Panel>
      </Tabs>
      <UseConfigModal source={CONFIG_SOURCE} item={c} opened={using} onClose={use.close} />
    </Stack>
  );
}
