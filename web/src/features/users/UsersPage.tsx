import { IconUsers } from '@tabler/icons-react';
import { EmptyState } from '../../ui/EmptyState';
import { PageHeader } from '../../ui/PageHeader';

export function UsersPage() {
  return (
    <>
      <PageHeader title="Users" description="The people who can sign in, their roles and their pending invitations." />
      <EmptyState icon={IconUsers} title="No users to show">
        Accounts, their roles and their state appear here, along with pending invitations.
      </EmptyState>
    </>
  );
}
