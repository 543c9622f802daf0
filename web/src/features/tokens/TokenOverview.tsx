import { Anchor, Card, Code, Stack, Text, Title } from '@mantine/core';
import { TOKEN_AGENT_DAYS, type Token } from '@telegraf-controller/contract/tokens';
import { Link } from 'react-router';
import { formatDateTime, formatRelativeTime } from '../../ui/format';
import { InfoList, type InfoItem } from '../../ui/InfoList';
import { useCan } from '../auth/use-can';
import { agentsWithTokenPath } from '../agents/agent-token';
import { PermissionChips } from './PermissionChips';
import { agentsInWords } from './token-agents';
import { maskedValue, SOURCE_DESCRIPTIONS, SOURCE_LABELS } from './token-labels';
import { TokenStatusBadge } from './TokenStatusBadge';
import type { TokenAbilities } from './use-token-abilities';

const by = (name: string | null) => (name ? ` by ${name}` : '');

export function TokenOverview({ token, abilities }: { token: Token; abilities: TokenAbilities }) {
  const canReadUsers = useCan('users:read');
  const items: InfoItem[] = [
    { label: 'Status', value: <TokenStatusBadge token={token} /> },
    {
      label: 'Owner',
      value: canReadUsers ? (
        <Anchor component={Link} to={`/users/${token.userId}`} size="sm">
          {token.username}
        </Anchor>
      ) : (
        token.username
      ),
    },
    { label: 'Token', value: <Code>{maskedValue(token)}</Code> },
    {
      label: 'Source',
      value: (
        <>
          {SOURCE_LABELS[token.source]}
          <Text span size="xs" c="dimmed" display="block">
            {SOURCE_DESCRIPTIONS[token.source]}
          </Text>
        </>
      ),
    },
    { label: 'Created', value: `${formatDateTime(token.createdAt)}${by(token.createdBy)}` },
    ...(token.parentTokenId
      ? [
          {
            label: 'Created with',
            value: (
              <Anchor component={Link} to={`/tokens/${token.parentTokenId}`} size="sm">
                another token (it expires no later)
              </Anchor>
            ),
          },
        ]
      : []),
    ...(token.activeChildren > 0
      ? [
          {
            label: 'Created with it',
            value: `${token.activeChildren} working token${token.activeChildren === 1 ? '' : 's'}`,
          },
        ]
      : []),
    {
      label: 'Expires',
      value: token.expiresAt
        ? `${formatDateTime(token.expiresAt)}${token.expiresInDays ? ` (in ${token.expiresInDays} day${token.expiresInDays === 1 ? '' : 's'})` : ''}`
        : 'Never',
    },
    ...(token.revokedAt
      ? [{ label: 'Revoked', value: `${formatDateTime(token.revokedAt)}${by(token.revokedBy)}` }]
      : []),
    {
      label: 'Last used',
      value: token.lastUsedAt
        ? `${formatRelativeTime(token.lastUsedAt)}${token.lastUsedFrom ? ` from ${token.lastUsedFrom}` : ''}`
        : 'Never',
    },
    {
      label: 'Agents',
      value: (
        <>
          {agentsInWords(token.agentCount)} in the last {TOKEN_AGENT_DAYS} days
          {abilities.viewAgents && token.agentCount > 0 && (
            <Anchor component={Link} to={agentsWithTokenPath(token.id)} size="sm" display="block">
              View agents
            </Anchor>
          )}
        </>
      ),
    },
    { label: 'Token ID', value: token.id },
  ];

  return (
    <Stack gap="lg">
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="token-details-heading">
        <Title order={2} fz="h4" id="token-details-heading" mb="md">
          Details
        </Title>
        <InfoList items={items} />
      </Card>
      <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="token-permissions-heading">
        <Title order={2} fz="h4" id="token-permissions-heading" mb={4}>
          Permissions
        </Title>
        <Text size="sm" c="dimmed" mb="md">
          The token acts as {token.username}, limited to these permissions and to what {token.username}&apos;s role
          allows. They cannot be edited; to change them, create a new token.
        </Text>
        <PermissionChips permissions={token.permissions} empty="None: this token can do nothing." />
      </Card>
    </Stack>
  );
}
