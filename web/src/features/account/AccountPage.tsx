import { IconUserCircle } from '@tabler/icons-react';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

export function AccountPage() {
  return (
    <>
      <PageHeader title="Account" description="Your own username, email and password." />
      <EmptyState icon={IconUserCircle} title="No account details to show">
        Your username, email, role and password are managed here.
      </EmptyState>
    </>
  );
}
