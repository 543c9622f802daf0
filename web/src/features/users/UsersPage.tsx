import { Button, Stack } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconUserPlus } from '@tabler/icons-react';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/use-can';
import { InviteUserModal } from '../invites/InviteUserModal';
import { PendingInvites } from '../invites/PendingInvites';
import { UsersTable } from './UsersTable';

export function UsersPage() {
  const canRead = useCan('users:read');
  const canReadInvites = useCan('invites:read');
  const canInvite = useCan('invites:write');
  const [inviting, invite] = useDisclosure(false);

  return (
    <>
      <PageHeader
        title="Users"
        description="The people who can sign in, their roles and their pending invitations."
        actions={
          canRead &&
          canInvite && (
            <Button leftSection={<IconUserPlus size={18} aria-hidden />} onClick={invite.open}>
              Invite user
            </Button>
          )
        }
      />
      {canRead ? (
        <Stack gap="xl">
          {canReadInvites && <PendingInvites />}
          <UsersTable />
        </Stack>
      ) : (
        <NoAccess>Your role cannot view users. Ask an administrator if you need to manage accounts.</NoAccess>
      )}
      {canInvite && <InviteUserModal opened={inviting} onClose={invite.close} />}
    </>
  );
}
