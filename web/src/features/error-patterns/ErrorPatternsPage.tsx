import { Stack } from '@mantine/core';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/use-can';
import { ErrorPatternFilterBar } from './ErrorPatternFilterBar';
import { ErrorPatternsTable } from './ErrorPatternsTable';
import { useErrorPatternFilters } from './use-error-pattern-filters';

export function ErrorPatternsPage() {
  const canRead = useCan('agents:read');
  const filters = useErrorPatternFilters();

  if (!canRead) {
    return (
      <>
        <PageHeader title="Error Patterns" />
        <NoAccess>Your role cannot view agents.</NoAccess>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="Error Patterns"
        description="The errors and warnings agents log, across the fleet: messages that read alike once numbers, ids and addresses are masked are one pattern per plugin, so a problem that spreads shows as one row. Open a pattern to list the agents that reported it."
      />
      <Stack gap="sm">
        <ErrorPatternFilterBar state={filters} />
        <ErrorPatternsTable filters={filters.applied} filtered={filters.filtered} />
      </Stack>
    </>
  );
}
