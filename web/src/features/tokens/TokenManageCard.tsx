import { Button, Card, Divider, Stack, Text, Title } from '@mantine/core';
import type { Token } from '@telegraf-controller/contract/tokens';
import { IconBan, IconTrash, IconUserShare } from '@tabler/icons-react';
import { Fragment, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { ManageRow } from '../../ui/ManageRow';
import type { TokenAction } from './TokenActionConfirm';
import { TokenActionDialog } from './TokenActionDialog';
import type { TokenAbilities } from './use-token-abilities';

type TokenManageCardProps = { token: Token; abilities: TokenAbilities };

/** Revoke, reassign and delete, for whoever may; each confirms with the same words as the list. */
export function TokenManageCard({ token, abilities }: TokenManageCardProps) {
  const navigate = useNavigate();
  const [action, setAction] = useState<TokenAction | null>(null);
  const bootstrap = token.source === 'bootstrap';
  const rows: { key: TokenAction; node: ReactNode }[] = [];

  if (abilities.revoke && token.status !== 'revoked') {
    rows.push({
      key: 'revoke',
      node: (
        <ManageRow
          title="Revoke"
          description={`Stops the token at once, for good; the record stays for the audit trail.${bootstrap ? ' A revoked bootstrap token stays revoked even while OWNER_TOKEN is set.' : ''}`}
        >
          <Button
            variant="default"
            color="red"
            leftSection={<IconBan size={16} aria-hidden />}
            onClick={() => setAction('revoke')}
          >
            Revoke token
          </Button>
        </ManageRow>
      ),
    });
  }
  // The bootstrap token belongs to the owner and follows ownership; it is never reassigned.
  if (abilities.reassign && token.source !== 'bootstrap') {
    rows.push({
      key: 'reassign',
      node: (
        <ManageRow
          title="Reassign"
          description="Gives the token to another user. The value keeps working; permissions narrow to the new owner's role."
        >
          <Button
            variant="default"
            leftSection={<IconUserShare size={16} aria-hidden />}
            onClick={() => setAction('reassign')}
          >
            Reassign token
          </Button>
        </ManageRow>
      ),
    });
  }
  if (abilities.remove) {
    rows.push({
      key: 'delete',
      node: (
        <ManageRow
          title="Delete"
          description={`Stops the token at once and removes its record.${bootstrap ? ' A deleted bootstrap token comes back at the next start while OWNER_TOKEN is set.' : ''}`}
        >
          <Button
            variant="light"
            color="red"
            leftSection={<IconTrash size={16} aria-hidden />}
            onClick={() => setAction('delete')}
          >
            Delete token
          </Button>
        </ManageRow>
      ),
    });
  }

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="token-manage-heading">
      <Title order={2} fz="h4" id="token-manage-heading" mb="xs">
        Manage
      </Title>
      {rows.length === 0 ? (
        <Text size="sm" c="dimmed">
          {token.status === 'revoked'
            ? 'This token is revoked, and your role cannot delete or reassign it.'
            : 'Your role cannot change this token.'}
        </Text>
      ) : (
        <Stack gap={0}>
          {rows.map(({ key, node }, index) => (
            <Fragment key={key}>
              {index > 0 && <Divider />}
              {node}
            </Fragment>
          ))}
        </Stack>
      )}
      <TokenActionDialog
        token={token}
        action={action}
        onClose={() => setAction(null)}
        onDone={(done) => done === 'delete' && navigate('/tokens', { replace: true })}
      />
    </Card>
  );
}
