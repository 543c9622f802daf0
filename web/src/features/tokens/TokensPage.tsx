import { Button } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconPlus } from '@tabler/icons-react';
import { useSearchParams } from 'react-router';
import { NoAccess } from '../../ui/NoAccess';
import { PageHeader } from '../../ui/PageHeader';
import { useCan } from '../auth/use-can';
import { CreateTokenModal } from './CreateTokenModal';
import { TokensTable } from './TokensTable';
import { useTokenAbilities } from './use-token-abilities';

export function TokensPage() {
  const canRead = useCan('tokens:read');
  const abilities = useTokenAbilities();
  // `?create=telegraf-agent` (the first-run steps link here) opens the dialog on the agent preset.
  const [searchParams, setSearchParams] = useSearchParams();
  const agentLink = searchParams.get('create') === 'telegraf-agent';
  const [creating, create] = useDisclosure(agentLink, {
    onClose: () => agentLink && setSearchParams({}, { replace: true }),
  });
  const createButton = abilities.create && (
    <Button leftSection={<IconPlus size={18} aria-hidden />} onClick={create.open}>
      Create API Token
    </Button>
  );

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
        description="Tokens let scripts and Telegraf agents call the API. A token acts as its owner, limited to its own permissions and to what the owner's role allows."
        actions={createButton}
      />
      <TokensTable abilities={abilities} />
      {abilities.create && (
        <CreateTokenModal
          opened={creating}
          onClose={create.close}
          initialPreset={agentLink ? 'telegraf-agent' : undefined}
        />
      )}
    </>
  );
}
