import { IconSettings } from '@tabler/icons-react';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

export function SettingsPage() {
  return (
    <>
      <PageHeader
        title="Settings"
        description="Controller-wide settings: public endpoints, password policy and sign-in lockout."
      />
      <EmptyState icon={IconSettings} title="No settings to show">
        Public endpoint URLs, password complexity and login lockout are managed here.
      </EmptyState>
    </>
  );
}
