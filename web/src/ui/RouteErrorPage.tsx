import { Alert, Button, Center, Code, Stack } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useRouteError } from 'react-router';

/** Shown instead of a page that threw while rendering, so one broken page never blanks the whole app. */
export function RouteErrorPage() {
  const error = useRouteError();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <Center mih="60vh" p="md">
      <Stack maw={560} w="100%">
        <title>Error · Telegraf Controller</title>
        <Alert color="red" variant="light" title="This page failed to load" icon={<IconAlertTriangle aria-hidden />}>
          <Stack gap="sm">
            <Code block>{message}</Code>
            <Button variant="light" color="red" w="fit-content" onClick={() => window.location.reload()}>
              Reload the page
            </Button>
          </Stack>
        </Alert>
      </Stack>
    </Center>
  );
}
