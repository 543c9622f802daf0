import { Button, Grid, Stack, Tabs } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { IconPlayerPlay, IconStackPop } from '@tabler/icons-react';
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { QueryError } from '../../ui/QueryError';
import { AgentsLoadingTab } from '../agents/AgentsLoadingTab';
import { AliasesCard } from '../aliases/AliasesCard';
import { useCan } from '../auth/use-can';
import { UseConfigModal } from '../configs/command/UseConfigModal';
import { BackToConfigGroups } from './BackToConfigGroups';
import { LabelsBox } from '../labels/LabelsBox';
import { CONFIG_GROUP_LABELS, CONFIG_GROUP_SOURCE, configGroupKeys, useConfigGroup } from './config-groups.queries';
import { GroupDetailsCard } from './GroupDetailsCard';
import { GroupManageCard } from './GroupManageCard';
import { GroupMembersCard } from './GroupMembersCard';
import { GroupMoreDetails } from './GroupMoreDetails';
import { MergedPreviewCard } from './MergedPreviewCard';

export function ConfigGroupDetailPage() {
  const { id: idOrAlias = '' } = useParams();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const canRead = useCan('config-groups:read');
  const canWrite = useCan('config-groups:write');
  const canDelete = useCan('config-groups:delete');
  const group = useConfigGroup(idOrAlias, canRead);
  const [using, use] = useDisclosure(false);
  const data = group.data;

  // Opened by an alias: the page moves to the id, which outlives the alias being removed or pointed elsewhere.
  useEffect(() => {
    if (!data || data.id === idOrAlias) return;
    queryClient.setQueryData(configGroupKeys.detail(data.id), data);
    navigate(`/config-groups/${data.id}`, { replace: true });
  }, [data, idOrAlias, navigate, queryClient]);

  if (!canRead) {
    return (
      <>
        <PageHeader title="Config Group" />
        <NoAccess>Your role cannot view config groups.</NoAccess>
      </>
    );
  }
  if (group.error?.status === 404) {
    return (
      <>
        <BackToConfigGroups />
        <PageHeader title="Config group not found" />
        <EmptyState icon={IconStackPop} title="No such config group">
          This config group does not exist. It may have been deleted.
        </EmptyState>
      </>
    );
  }
  if (group.error) {
    return <QueryError error={group.error} what="the config group" onRetry={() => void group.refetch()} />;
  }
  if (!data) return <PageLoader />;

  return (
    <Stack gap="md">
      <div>
        <BackToConfigGroups />
        <PageHeader
          title={data.name}
          description={data.description ?? undefined}
          actions={
            <Button leftSection={<IconPlayerPlay size={18} aria-hidden />} onClick={use.open}>
              Use this Config Group
            </Button>
          }
        />
      </div>
      <Tabs defaultValue="configurations">
        <Tabs.List mb="lg">
          <Tabs.Tab value="configurations">Configurations</Tabs.Tab>
          <Tabs.Tab value="agents">Agents</Tabs.Tab>
          <Tabs.Tab value="aliases">Aliases</Tabs.Tab>
          <Tabs.Tab value="labels">Labels</Tabs.Tab>
          <Tabs.Tab value="manage">Manage</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="configurations">
          <Grid gutter="lg">
            <Grid.Col span={{ base: 12, lg: 8 }}>
              <Stack gap="lg">
                {/* Each card starts over when its own saved values change, so saving one keeps the other's draft. */}
                <GroupMembersCard key={data.configIds.join(',')} group={data} canWrite={canWrite} />
                <MergedPreviewCard group={data} />
              </Stack>
            </Grid.Col>
            <Grid.Col span={{ base: 12, lg: 4 }}>
              <Stack gap="lg">
                <GroupDetailsCard key={`${data.name}\n${data.description ?? ''}`} group={data} canWrite={canWrite} />
                <GroupMoreDetails group={data} />
              </Stack>
            </Grid.Col>
          </Grid>
        </Tabs.Panel>
        <Tabs.Panel value="agents">
          <AgentsLoadingTab target={{ group: data.id }} noun="config group" />
        </Tabs.Panel>
        <Tabs.Panel value="aliases">
          <AliasesCard source={CONFIG_GROUP_SOURCE} id={data.id} />
        </Tabs.Panel>
        <Tabs.Panel value="labels">
          <LabelsBox resource={CONFIG_GROUP_LABELS} item={data} canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="manage">
          <GroupManageCard group={data} canDelete={canDelete} />
        </Tabs.Panel>
      </Tabs>
      <UseConfigModal source={CONFIG_GROUP_SOURCE} item={data} opened={using} onClose={use.close} />
    </Stack>
  );
}
