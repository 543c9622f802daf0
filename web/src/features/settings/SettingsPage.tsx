import { Alert, Stack } from '@mantine/core';
import { IconEye } from '@tabler/icons-react';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { PageLoader } from '../../ui/PageLoader';
import { QueryError } from '../../ui/QueryError';
import { useCan } from '../auth/use-can';
import { WebhooksSection } from '../webhooks/WebhooksSection';
import { AuditRetentionSection } from './AuditRetentionSection';
import { DuplicateIdsSection } from './DuplicateIdsSection';
import { LoginSecuritySection } from './LoginSecuritySection';
import { OutdatedGraceSection } from './OutdatedGraceSection';
import { PasswordComplexitySection } from './PasswordComplexitySection';
import { PublicEndpointsSection } from './PublicEndpointsSection';
import { RequireApprovalSection } from './RequireApprovalSection';
import { SecondFactorSection } from './SecondFactorSection';
import { LdapAuthSection } from './LdapAuthSection';
import { OidcAuthSection } from './OidcAuthSection';
import { useAuthSettings, useSettings } from './settings.queries';

export function SettingsPage() {
  const canRead = useCan('settings:read');
  const readOnly = !useCan('settings:write');
  const settings = useSettings(canRead);
  const canReadAuth = useCan('auth-settings:read');
  const authReadOnly = !useCan('auth-settings:write');
  const authSettings = useAuthSettings(canReadAuth);

  const body = () => {
    if (!canRead) return <NoAccess>Your role cannot view the controller settings.</NoAccess>;
    if (settings.error) {
      return <QueryError error={settings.error} what="the settings" onRetry={() => void settings.refetch()} />;
    }
    if (!settings.data) return <PageLoader />;
    const props = { settings: settings.data, readOnly };
    return (
      <Stack gap="lg">
        {readOnly && (
          <Alert color="gray" variant="light" icon={<IconEye aria-hidden />}>
            Your role can view these settings but not change them.
          </Alert>
        )}
        <PublicEndpointsSection {...props} />
        <LoginSecuritySection {...props} />
        <PasswordComplexitySection {...props} />
        <SecondFactorSection {...props} />
        <AuditRetentionSection {...props} />
        <DuplicateIdsSection {...props} />
        <OutdatedGraceSection {...props} />
        <RequireApprovalSection {...props} />
        <WebhooksSection readOnly={readOnly} />
        {authSettings.data?.ldap.enabled && (
          <LdapAuthSection settings={authSettings.data.ldap} readOnly={authReadOnly} />
        )}
        {authSettings.data?.oidc.enabled && (
          <OidcAuthSection settings={authSettings.data.oidc} readOnly={authReadOnly} />
        )}
      </Stack>
    );
  };

  return (
    <>
      <PageHeader
        title="Settings"
        description="Controller-wide settings: public endpoints, sign-in lockout, password policy, two-factor authentication, audit retention, duplicate agent ids, outdated agents, four eyes on configuration versions, webhooks, directory sign-in and single sign-on."
      />
      {body()}
    </>
  );
}
