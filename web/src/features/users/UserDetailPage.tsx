import { Anchor, Card, Group, Stack, Title } from '@mantine/core';
import { IconArrowLeft, IconUserQuestion } from '@tabler/icons-react';
import { Link, useParams } from 'react-router';
import { EmptyState } from '../../ui/EmptyState';
import { formatDateTime } from '../../ui/format';
import { InfoList } from '../../ui/InfoList';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { QueryError } from '../../ui/QueryError';
import { RoleBadge } from '../../ui/RoleBadge';
import { useMe } from '../auth/auth.queries';
import { useCan } from '../auth/use-can';
import { UserManageCard } from './UserManageCard';
import { UserStatusBadge } from './UserStatusBadge';
import { PROVIDER_NAMES } from './provider-names';
import { useUser } from './users.queries';

function BackToUsers() {
  return (
    <Anchor component={Link} to="/users" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        Users
      </Group>
    </Anchor>
  );
}

export function UserDetailPage() {
  const { id = '' } = useParams();
  const canRead = useCan('users:read');
  const me = useMe();
  const user = useUser(id, canRead);

  if (!canRead) {
    return (
      <>
        <PageHeader title="User" />
        <NoAccess>Your role cannot view users.</NoAccess>
      </>
    );
  }
  if (user.error?.status === 404) {
    return (
      <>
        <BackToUsers />
        <PageHeader title="User not found" />
        <EmptyState icon={IconUserQuestion} title="No such user">
          This user does not exist; they may have been deleted.
        </EmptyState>
      </>
    );
  }
  if (user.error) return <QueryError error={user.error} what="the user" onRetry={() => void user.refetch()} />;
  if (!user.data || !me.data) return <PageLoader />;

  const u = user.data;
  return (
    <Stack gap="lg">
      <div>
        <BackToUsers />
        <PageHeader title={u.username} description={u.displayName ?? undefined} />
      </div>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="details-heading">
        <Title order={2} fz="h4" id="details-heading" mb="md">
          Details
        </Title>
        <InfoList
          items={[
            { label: 'User ID', value: u.id },
            { label: 'Username', value: u.username },
            { label: 'Email', value: u.email },
            { label: 'Display name', value: u.displayName ?? '—' },
            { label: 'Role', value: <RoleBadge role={u.role} /> },
            { label: 'Signs in with', value: PROVIDER_NAMES[u.authProvider] },
            ...(u.externalId ? [{ label: 'External ID', value: u.externalId }] : []),
            { label: 'Status', value: <UserStatusBadge user={u} /> },
            { label: 'Created', value: formatDateTime(u.createdAt) },
            ...(u.disabledAt ? [{ label: 'Disabled', value: formatDateTime(u.disabledAt) }] : []),
            ...(u.lockedUntil && u.status === 'locked'
              ? [{ label: 'Locked until', value: formatDateTime(u.lockedUntil) }]
              : []),
          ]}
        />
      </Card>
      <UserManageCard me={me.data} user={u} />
    </Stack>
  );
}
