import { Alert, Anchor, Button, Stack, Text } from '@mantine/core';
import { IconLinkOff } from '@tabler/icons-react';
import { Link } from 'react-router';
import type { ApiError } from '../../api';

type LinkProblemProps = { error: ApiError; onRetry: () => void };

/** Why a one-time link (invite, password reset) cannot be used: unknown, expired or used (404), or unreachable. */
export function LinkProblem({ error, onRetry }: LinkProblemProps) {
  if (error.status === 404) {
    return (
      <Stack gap="md">
        <Alert color="orange" variant="light" icon={<IconLinkOff aria-hidden />} title="This link cannot be used">
          It is invalid, has expired or has already been used. Ask an administrator for a new one.
        </Alert>
        <Text size="sm">
          Already have an account?{' '}
          <Anchor component={Link} to="/login">
            Sign in
          </Anchor>
        </Text>
      </Stack>
    );
  }
  return (
    <Alert color="red" variant="light" title="Could not read the link">
      <Stack gap="sm">
        {error.detail}
        <Button variant="light" color="red" w="fit-content" onClick={onRetry}>
          Try again
        </Button>
      </Stack>
    </Alert>
  );
}
