import { ActionIcon, Menu } from '@mantine/core';
import type { Token } from '@telegraf-controller/contract/tokens';
import { IconBan, IconDots, IconExternalLink, IconServer2, IconTrash, IconUserShare } from '@tabler/icons-react';
import { Link } from 'react-router';
import { agentsWithTokenPath } from '../agents/agent-token';
import type { TokenAction } from './TokenActionConfirm';
import type { TokenAbilities } from './use-token-abilities';

type TokenRowMenuProps = { token: Token; abilities: TokenAbilities; onAction: (action: TokenAction) => void };

export function TokenRowMenu({ token, abilities, onAction }: TokenRowMenuProps) {
  return (
    <Menu position="bottom-end" withinPortal shadow="md" width={180}>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray" aria-label={`Actions for ${token.name}`}>
          <IconDots size={16} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to={`/tokens/${token.id}`} leftSection={<IconExternalLink size={14} aria-hidden />}>
          Open
        </Menu.Item>
        {abilities.viewAgents && token.agentCount > 0 && (
          <Menu.Item
            component={Link}
            to={agentsWithTokenPath(token.id)}
            leftSection={<IconServer2 size={14} aria-hidden />}
          >
            View agents
          </Menu.Item>
        )}
        {abilities.revoke && token.status !== 'revoked' && (
          <Menu.Item leftSection={<IconBan size={14} aria-hidden />} onClick={() => onAction('revoke')}>
            Revoke
          </Menu.Item>
        )}
        {abilities.reassign && token.source !== 'bootstrap' && (
          <Menu.Item leftSection={<IconUserShare size={14} aria-hidden />} onClick={() => onAction('reassign')}>
            Reassign
          </Menu.Item>
        )}
        {abilities.remove && (
          <Menu.Item color="red" leftSection={<IconTrash size={14} aria-hidden />} onClick={() => onAction('delete')}>
            Delete
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}
