import { Alert, Button, Center, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { PageLoader } from '../../ui/PageLoader';
import { SecondFactorGate } from '../second-factor/SecondFactorGate';
import { useAuthStatus, useMe } from './auth.queries';

/** Renders the signed-in app only for a session: before setup it sends to /setup, without a session to /login. */
export function RequireSession({ children }: { children: ReactNode }) {
  const location = useLocation();
  const status = useAuthStatus();
  const me = useMe();

  if (status.isPending) return <PageLoader fullScreen />;
  if (status.data?.setupRequired) return <Navigate to="/setup" replace />;
  if (me.error?.status === 401) {
    const here = `${location.pathname}${location.search}`;
    const next = here === '/' ? '' : `?next=${encodeURIComponent(here)}`;
    return <Navigate to={`/login${next}`} replace />;
  }
  if (status.data && me.data) return me.data.secondFactorPending ? <SecondFactorGate /> : children;
  const failure = status.error ?? me.error;
  if (failure) {
    return (
      <Center mih="100vh" p="md">
        <Stack maw={520} w="100%">
          <Alert
            color="red"
            variant="light"
            title="Could not reach the controller"
            icon={<IconAlertTriangle aria-hidden />}
          >
            <Stack gap="sm">
              {failure.detail}
              <Button
                variant="light"
                color="red"
                w="fit-content"
                onClick={() => void Promise.all([status.refetch(), me.refetch()])}
              >
                Try again
              </Button>
            </Stack>
          </Alert>
        </Stack>
      </Center>
    );
  }
  return <PageLoader fullScreen />;
}
