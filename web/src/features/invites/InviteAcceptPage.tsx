import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link, useNavigate, useParams } from 'react-router';
import { NewPasswordForm } from '../../ui/NewPasswordForm';
import { PageLoader } from '../../ui/PageLoader';
import { RoleBadge } from '../../ui/RoleBadge';
import { AuthCard } from '../auth/AuthCard';
import { LinkProblem } from '../auth/LinkProblem';
import { useAcceptInvite, useInvitePreview } from './invites.queries';
import { PROVIDER_NAMES } from '../users/provider-names';

/** Public page behind an invite link: choose a password, get an account, land signed in. */
export function InviteAcceptPage() {
  const { code = '' } = useParams();
  const navigate = useNavigate();
  const preview = useInvitePreview(code);
  const accept = useAcceptInvite(code);

  if (preview.isPending) return <PageLoader fullScreen />;
  if (preview.error) {
    return (
      <AuthCard title="Invite link not valid">
        <LinkProblem error={preview.error} onRetry={() => void preview.refetch()} />
      </AuthCard>
    );
  }

  const invite = preview.data;
  if (invite.provider !== 'local') {
    // Nothing to set here: signing in through the provider with the invited email accepts the invite.
    return (
      <AuthCard title="Accept your invite" description={`You sign in with ${PROVIDER_NAMES[invite.provider]}.`}>
        <Stack gap="md">
          <Text size="sm">
            Sign in with your {PROVIDER_NAMES[invite.provider]} account ({invite.email}): your account here is made
            then, with the invited role.
          </Text>
          <Group gap="xs">
            <Text size="sm" fw={500}>
              Role
            </Text>
            <RoleBadge role={invite.role} />
          </Group>
          <Button component={Link} to="/login">
            Go to sign-in
          </Button>
        </Stack>
      </AuthCard>
    );
  }
  const create = async (password: string) => {
    const me = await accept.mutateAsync({ password });
    notifications.show({ color: 'green', title: 'Welcome', message: `Your account ${me.user.username} is ready.` });
    navigate('/', { replace: true });
  };

  return (
    <AuthCard title="Accept your invite" description="Choose a password to create your account.">
      <NewPasswordForm submitLabel="Create Account" onSubmit={create}>
        <TextInput label="Username" value={invite.username} readOnly variant="filled" autoComplete="username" />
        <TextInput label="Email" value={invite.email} readOnly variant="filled" />
        <Group gap="xs">
          <Text size="sm" fw={500}>
            Role
          </Text>
          <RoleBadge role={invite.role} />
        </Group>
      </NewPasswordForm>
    </AuthCard>
  );
}
