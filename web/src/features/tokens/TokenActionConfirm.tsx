import { Alert, Checkbox, List, Stack, Text } from '@mantine/core';
import { rolePermissions } from '@telegraf-controller/contract/permissions';
import type { Token } from '@telegraf-controller/contract/tokens';
import type { User } from '@telegraf-controller/contract/users';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import type { ApiError } from '../../api';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { permissionLabel } from '../../ui/permission-labels';
import { ROLE_LABELS } from '../../ui/roles';
import { UserSelect } from '../users/UserSelect';
import { agentsLosingAccess } from './token-agents';
import { tokensInWords } from './token-labels';

export type TokenAction = 'revoke' | 'delete' | 'reassign';

type TokenActionConfirmProps = {
  action: TokenAction | null;
  /** The token(s) acted on: one from a row or a detail page, many from a bulk selection. */
  tokens: Token[];
  onClose: () => void;
  /** Reassign passes the chosen new owner; the other actions pass null. Revoke may ask for the children too. */
  onConfirm: (newOwner: User | null, options?: { children: boolean }) => void;
  loading: boolean;
  error: ApiError | null;
};

const VERBS: Record<TokenAction, string> = { revoke: 'Revoke', delete: 'Delete', reassign: 'Reassign' };

/** The one confirmation for token actions: it says which clients break, what stays, and what a bootstrap token does. */
export function TokenActionConfirm({ action, tokens, onClose, onConfirm, loading, error }: TokenActionConfirmProps) {
  const [newOwner, setNewOwner] = useState<User | null>(null);
  const [children, setChildren] = useState(false);
  // Every opening starts without a chosen owner or cascade, however the previous one ended.
  const [openedFor, setOpenedFor] = useState(action);
  if (openedFor !== action) {
    setOpenedFor(action);
    setNewOwner(null);
    setChildren(false);
  }
  const one = tokens.length === 1 ? tokens[0] : undefined;
  const title = action ? `${VERBS[action]} ${one ? 'token' : tokensInWords(tokens.length)}` : '';
  const subject = one ? <b>{one.name}</b> : <>These {tokens.length} tokens</>;
  const bootstrap = tokens.filter((token) => token.source === 'bootstrap');
  const activeCount = tokens.filter((token) => token.status === 'active').length;
  const losing = agentsLosingAccess(tokens);
  const agentsLosing = losing && (
    <Text size="sm" fw={600}>
      {losing}
    </Text>
  );

  const body: Record<TokenAction, ReactNode> = {
    revoke: (
      <>
        <Text size="sm">
          {activeCount === tokens.length ? (
            <>
              {subject} {one ? 'stops' : 'stop'} working at once: agents and scripts using {one ? 'it' : 'them'} will
              fail to fetch configs and send heartbeats.
            </>
          ) : activeCount === 0 ? (
            <>
              {subject} already {one ? 'does' : 'do'} not work (expired or revoked); nothing that works stops.
            </>
          ) : (
            <>
              {tokensInWords(activeCount)} of the {tokens.length} still {activeCount === 1 ? 'works' : 'work'} and{' '}
              {activeCount === 1 ? 'stops' : 'stop'} working at once: agents and scripts using{' '}
              {activeCount === 1 ? 'it' : 'them'} will fail to fetch configs and send heartbeats.
            </>
          )}
        </Text>
        {agentsLosing}
        <Text size="sm">
          Revoking is permanent: a revoked token cannot be re-activated. The record is kept, with when and by whom it
          was revoked, for the audit trail.
        </Text>
      </>
    ),
    delete: (
      <>
        <Text size="sm">
          {subject} {one ? 'stops' : 'stop'} working at once, and {one ? 'its record is' : 'their records are'} removed:
          agents and scripts using {one ? 'it' : 'them'} will fail to fetch configs and send heartbeats, and nothing is
          left to show when {one ? 'it was' : 'they were'} created or last used. This cannot be undone.
        </Text>
        {agentsLosing}
        <Text size="sm" c="dimmed">
          To keep the record for the audit trail, revoke instead.
        </Text>
      </>
    ),
    reassign: <ReassignBody tokens={tokens} subject={subject} newOwner={newOwner} onNewOwner={setNewOwner} />,
  };

  return (
    <ConfirmModal
      opened={action !== null}
      onClose={onClose}
      title={title}
      confirmLabel={title}
      color={action === 'reassign' ? undefined : 'red'}
      onConfirm={() => onConfirm(action === 'reassign' ? newOwner : null, { children })}
      loading={loading}
      confirmDisabled={action === 'reassign' && newOwner === null}
      error={error}
    >
      {action && body[action]}
      {action === 'revoke' && one !== undefined && one.activeChildren > 0 && (
        <Checkbox
          checked={children}
          onChange={(event) => setChildren(event.currentTarget.checked)}
          label={`Also revoke the ${one.activeChildren === 1 ? 'token' : `${one.activeChildren} tokens`} created with this one, and any created with ${one.activeChildren === 1 ? 'it' : 'them'}`}
          description="Left unticked they keep working until they expire (never later than this token would have)."
        />
      )}
      {action && action !== 'reassign' && bootstrap.length > 0 && (
        <BootstrapNotice action={action} names={bootstrap.map((token) => token.name)} />
      )}
    </ConfirmModal>
  );
}

function BootstrapNotice({ action, names }: { action: 'revoke' | 'delete'; names: string[] }) {
  return (
    <Alert color="blue" variant="light" icon={<IconInfoCircle aria-hidden />} title="Env/flag-provided token">
      <b>{names.join(', ')}</b> {names.length === 1 ? 'comes' : 'come'} from OWNER_TOKEN or --owner-token.{' '}
      {action === 'revoke'
        ? 'Once revoked it stays revoked, even while OWNER_TOKEN is set; to get a working one, set a new value and restart.'
        : 'While OWNER_TOKEN is set, a deleted bootstrap token comes back at the next start. To retire it for good, revoke it instead.'}
    </Alert>
  );
}

type ReassignBodyProps = {
  tokens: Token[];
  subject: ReactNode;
  newOwner: User | null;
  onNewOwner: (user: User | null) => void;
};

function ReassignBody({ tokens, subject, newOwner, onNewOwner }: ReassignBodyProps) {
  const grants = newOwner ? rolePermissions(newOwner.role) : null;
  const losing = grants
    ? tokens
        .map((token) => ({ token, dropped: token.permissions.filter((permission) => !grants.has(permission)) }))
        .filter(({ dropped }) => dropped.length > 0)
    : [];
  return (
    <Stack gap="sm">
      <UserSelect label="New owner" placeholder="Search users" value={newOwner} onChange={onNewOwner} data-autofocus />
      <Text size="sm">
        {subject} {tokens.length === 1 ? 'keeps its' : 'keep their'} value, so agents using{' '}
        {tokens.length === 1 ? 'it' : 'them'} keep working, now acting as the new owner. Permissions are narrowed to
        what the new owner&apos;s role allows (to a Viewer: read-only) and never widen again.
      </Text>
      {newOwner && losing.length === 0 && (
        <Text size="sm" c="dimmed">
          {newOwner.username} is {ROLE_LABELS[newOwner.role]}: no permission is lost.
        </Text>
      )}
      {newOwner && losing.length > 0 && (
        <Alert color="orange" variant="light" title={`${newOwner.username} is ${ROLE_LABELS[newOwner.role]}`}>
          <Text size="sm" mb={4}>
            These permissions are dropped for good:
          </Text>
          <List size="sm" spacing={2}>
            {losing.map(({ token, dropped }) => (
              <List.Item key={token.id}>
                {tokens.length > 1 && <b>{token.name}: </b>}
                {dropped.map(permissionLabel).join(', ')}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}
    </Stack>
  );
}
