import { Card, Stack, Title } from '@mantine/core';
import { formatDateTime } from '../../ui/format';
import { InfoList } from '../../ui/InfoList';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { QueryError } from '../../ui/QueryError';
import { RoleBadge } from '../../ui/RoleBadge';
import { useCan } from '../auth/use-can';
import { useSettings } from '../settings/settings.queries';
import { useAccount } from './account.queries';
import { AccountProfileForm } from './AccountProfileForm';
import { ChangePasswordForm } from './ChangePasswordForm';
import { SecondFactorCard } from '../second-factor/SecondFactorCard';

export function AccountPage() {
  const account = useAccount();
  // The password level is a setting: only roles that may read settings get the rules as a hint.
  const settings = useSettings(useCan('settings:read'));

  return (
    <>
      <PageHeader title="Account" description="Your own username, email, password and second factor." />
      {account.error ? (
        <QueryError error={account.error} what="your account" onRetry={() => void account.refetch()} />
      ) : !account.data ? (
        <PageLoader />
      ) : (
        <Stack gap="lg">
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="account-heading">
            <Title order={2} fz="h4" id="account-heading" mb="md">
              Details
            </Title>
            <InfoList
              items={[
                { label: 'User ID', value: account.data.id },
                { label: 'User role', value: <RoleBadge role={account.data.role} /> },
                { label: 'Created', value: formatDateTime(account.data.createdAt) },
              ]}
            />
          </Card>
          <AccountProfileForm user={account.data} />
          <ChangePasswordForm level={settings.data?.passwordComplexity} />
          <SecondFactorCard />
        </Stack>
      )}
    </>
  );
}
