import { Anchor, Group, Stack, Tabs } from '@mantine/core';
import { IconArrowLeft, IconKeyOff } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { QueryError } from '../../ui/QueryError';
import { useCan } from '../auth/use-can';
import { maskedValue } from './token-labels';
import { TokenManageCard } from './TokenManageCard';
import { TokenOverview } from './TokenOverview';
import { useToken } from './tokens.queries';
import { useTokenAbilities } from './use-token-abilities';

function BackToTokens() {
  return (
    <Anchor component={Link} to="/tokens" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        API Tokens
      </Group>
    </Anchor>
  );
}

export function TokenDetailPage() {
  const { id = '' } = useParams();
  const canRead = useCan('tokens:read');
  const abilities = useTokenAbilities();
  const token = useToken(id, canRead);

  if (!canRead) {
    return (
      <>
        <PageHeader title="API Token" />
        <NoAccess>Your role cannot manage API tokens.</NoAccess>
      </>
    );
  }
  if (token.error?.status === 404) {
    return (
      <>
        <BackToTokens />
        <PageHeader title="Token not found" />
        <EmptyState icon={IconKeyOff} title="No such token">
          This token does not exist, or it is not yours to see. It may have been deleted.
        </EmptyState>
      </>
    );
  }
  if (token.error) return <QueryError error={token.error} what="the token" onRetry={() => void token.refetch()} />;
  if (!token.data) return <PageLoader />;

  const t = token.data;
  return (
    <Stack gap="lg">
      <div>
        <BackToTokens />
        <PageHeader title={t.name} description={`${maskedValue(t)} · owned by ${t.username}`} />
      </div>
      <Tabs defaultValue="overview" keepMounted={false}>
        <Tabs.List mb="lg">
          <Tabs.Tab value="overview">Overview</Tabs.Tab>
          <Tabs.Tab value="manage">Manage</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="overview">
          <TokenOverview token={t} abilities={abilities} />
        </Tabs.Panel>
        <Tabs.Panel value="manage">
          <TokenManageCard token={t} abilities={abilities} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
