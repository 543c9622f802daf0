import { Alert, Button, Group } from '@mantine/core';
import { AuthCard } from '../auth/AuthCard';
import { useLogout } from '../auth/auth.queries';
import { EnrolSecondFactor } from './EnrolSecondFactor';
import { useFinishEnrolment } from './second-factor.queries';

/** A session whose role requires a second factor the user has not set up: enrol first, nothing else. */
export function SecondFactorGate() {
  const finish = useFinishEnrolment();
  const logout = useLogout();
  return (
    <AuthCard
      title="Set up two-factor authentication"
      description="Your role requires a code from an authenticator app at sign-in."
    >
      <Alert color="blue" variant="light" mb="md">
        Set it up now to continue. You will need the app each time you sign in.
      </Alert>
      <EnrolSecondFactor onDone={() => void finish()} />
      <Group justify="flex-end" mt="md">
        <Button variant="subtle" onClick={() => logout.mutate()}>
          Sign out
        </Button>
      </Group>
    </AuthCard>
  );
}
