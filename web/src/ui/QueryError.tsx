import { Alert, Button, Stack } from '@mantine/core';
import { IconAlertCircle } from '@tabler/icons-react';
import type { ApiError } from '../api';
import { NoAccess } from './NoAccess';

type QueryErrorProps = {
  error: ApiError;
  /** What failed to load, e.g. "the users". */
  what: string;
  onRetry?: () => void;
};

/** A failed read: access denied gets its own message; anything else the server's detail and a retry. */
export function QueryError({ error, what, onRetry }: QueryErrorProps) {
  if (error.status === 403) return <NoAccess>{error.detail}</NoAccess>;
  return (
    <Alert color="red" variant="light" title={`Could not load ${what}`} icon={<IconAlertCircle aria-hidden />}>
      <Stack gap="sm">
        {error.detail}
        {onRetry && (
          <Button variant="light" color="red" w="fit-content" onClick={onRetry}>
            Try again
          </Button>
        )}
      </Stack>
    </Alert>
  );
}
