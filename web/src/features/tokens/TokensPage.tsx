import { IconKey } from '@tabler/icons-react';
import { EmptyState } from '../../ui/EmptyState';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/use-can';

export function TokensPage() {
  const canRead = useCan('tokens:read');
  if (!canRead) {
    return (
      <>
        <PageHeader title="API Tokens" />
        <NoAccess>Your role cannot manage API tokens.</NoAccess>
      </>
    );
  }
  return (
    <>
      <PageHeader
        title="API Tokens"
        description="Tokens that let scripts and Telegraf agents call the API with a chosen set of permissions."
      />
      <EmptyState icon={IconKey} title="No API tokens yet">
        Tokens appear here once they are created. A token's value is shown only once, when it is created.
      </EmptyState>
    </>
  );
}
