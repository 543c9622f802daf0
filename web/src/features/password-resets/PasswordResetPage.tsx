import { Alert, Button, Stack, TextInput } from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { NewPasswordForm } from '../../ui/NewPasswordForm';
import { PageLoader } from '../../ui/PageLoader';
import { AuthCard } from '../auth/AuthCard';
import { LinkProblem } from '../auth/LinkProblem';
import { useCompletePasswordReset, usePasswordResetPreview } from './password-resets.queries';

/** Public page behind a password-reset link: set a new password, then sign in with it. */
export function PasswordResetPage() {
  const { code = '' } = useParams();
  const preview = usePasswordResetPreview(code);
  const complete = useCompletePasswordReset(code);
  const [done, setDone] = useState(false);

  if (done) {
    return (
      <AuthCard title="Password set">
        <Stack gap="md">
          <Alert color="green" variant="light" icon={<IconCircleCheck aria-hidden />}>
            Your new password is set. Sign in with it to continue.
          </Alert>
          <Button component={Link} to="/login" fullWidth>
            Sign in
          </Button>
        </Stack>
      </AuthCard>
    );
  }
  if (preview.isPending) return <PageLoader fullScreen />;
  if (preview.error) {
    return (
      <AuthCard title="Reset link not valid">
        <LinkProblem error={preview.error} onRetry={() => void preview.refetch()} />
      </AuthCard>
    );
  }

  const setPassword = async (password: string) => {
    await complete.mutateAsync({ password });
    setDone(true);
  };

  return (
    <AuthCard title="Set a new password" description="Choose a new password for your account.">
      <NewPasswordForm submitLabel="Set password" onSubmit={setPassword}>
        <TextInput label="Username" value={preview.data.username} readOnly variant="filled" autoComplete="username" />
      </NewPasswordForm>
    </AuthCard>
  );
}
