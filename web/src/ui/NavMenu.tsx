import { NavLink } from '@mantine/core';
import {
  IconActivityHeartbeat,
  IconBug,
  IconFileCode,
  IconFileSearch,
  IconFileText,
  IconKey,
  IconServer2,
  IconSettings,
  IconStack2,
  IconTags,
  IconUsers,
  IconVariable,
  type Icon,
} from '@tabler/icons-react';
import type { Permission } from '@telegraf-controller/contract/permissions';
import { Link, matchPath, useLocation } from 'react-router';
import { useMe } from '../features/auth/auth.queries';

/** An item is shown only to roles holding its permission; the page itself still says "access denied". */
type NavItem = { label: string; to: string; icon: Icon; permission: Permission };

const CONFIGURATION_ITEMS: NavItem[] = [
  { label: 'Configurations', to: '/configs', icon: IconFileText, permission: 'configs:read' },
  { label: 'Config Groups', to: '/config-groups', icon: IconStack2, permission: 'config-groups:read' },
  { label: 'Constants', to: '/constants', icon: IconVariable, permission: 'constants:read' },
];

const ITEMS: NavItem[] = [
  { label: 'Agents', to: '/agents', icon: IconServer2, permission: 'agents:read' },
  { label: 'Error Patterns', to: '/error-patterns', icon: IconBug, permission: 'agents:read' },
  { label: 'Reporting Rules', to: '/reporting-rules', icon: IconActivityHeartbeat, permission: 'reporting-rules:read' },
  { label: 'Labels', to: '/labels', icon: IconTags, permission: 'labels:read' },
  { label: 'Users', to: '/users', icon: IconUsers, permission: 'users:read' },
  { label: 'API Tokens', to: '/tokens', icon: IconKey, permission: 'tokens:read' },
  { label: 'Settings', to: '/settings', icon: IconSettings, permission: 'settings:read' },
  { label: 'Audit Log', to: '/audit-log', icon: IconFileSearch, permission: 'audit-logs:read' },
];

type NavMenuProps = {
  /** Called after a link is followed, so the mobile drawer can close. */
  onNavigate: () => void;
};

export function NavMenu({ onNavigate }: NavMenuProps) {
  const { pathname } = useLocation();
  const permissions = useMe().data?.permissions ?? [];
  const allowed = (item: NavItem) => permissions.includes(item.permission);
  const configurationItems = CONFIGURATION_ITEMS.filter(allowed);
  const isActive = (to: string) => matchPath({ path: to, end: false }, pathname) !== null;

  const link = ({ label, to, icon: ItemIcon }: NavItem) => (
    <NavLink
      key={to}
      component={Link}
      to={to}
      label={label}
      active={isActive(to)}
      onClick={onNavigate}
      leftSection={<ItemIcon size={18} stroke={1.6} aria-hidden />}
      aria-current={isActive(to) ? 'page' : undefined}
    />
  );

  return (
    <nav aria-label="Main">
      {configurationItems.length > 0 && (
        <NavLink
          label="Configurations"
          leftSection={<IconFileCode size={18} stroke={1.6} aria-hidden />}
          defaultOpened
          childrenOffset={28}
        >
          {configurationItems.map(link)}
        </NavLink>
      )}
      {ITEMS.filter(allowed).map(link)}
    </nav>
  );
}
