import { Button } from '@mantine/core';
import { IconCompassOff } from '@tabler/icons-react';
import { Link, useLocation } from 'react-router';
import { EmptyState } from './EmptyState';
import { PageHeader } from './PageHeader';

export function NotFoundPage() {
  const { pathname } = useLocation();
  return (
    <>
      <PageHeader title="Page not found" />
      <EmptyState
        icon={IconCompassOff}
        title="Nothing lives at this address"
        action={
          <Button component={Link} to="/agents" variant="light">
            Go to Agents
          </Button>
        }
      >
        There is no page at <code>{pathname}</code>. It may have moved, or the link may be mistyped.
      </EmptyState>
    </>
  );
}
