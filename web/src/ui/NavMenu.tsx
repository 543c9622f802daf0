import { NavLink } from '@mantine/core';
import {
  IconActivityHeartbeat,
  IconFileCode,
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
import { Link, matchPath, useLocation } from 'react-router';

type NavItem = { label: string; to: string; icon: Icon };

const CONFIGURATION_ITEMS: NavItem[] = [
  { label: 'Configurations', to: '/configs', icon: IconFileText },
  { label: 'Config Groups', to: '/config-groups', icon: IconStack2 },
  { label: 'Constants', to: '/constants', icon: IconVariable },
];

const ITEMS: NavItem[] = [
  { label: 'Agents', to: '/agents', icon: IconServer2 },
  { label: 'Reporting Rules', to: '/reporting-rules', icon: IconActivityHeartbeat },
  { label: 'Labels', to: '/labels', icon: IconTags },
  { label: 'Users', to: '/users', icon: IconUsers },
  { label: 'API Tokens', to: '/tokens', icon: IconKey },
  { label: 'Settings', to: '/settings', icon: IconSettings },
];

type NavMenuProps = {
  /** Called after a link is followed, so the mobile drawer can close. */
  onNavigate: () => void;
};

export function NavMenu({ onNavigate }: NavMenuProps) {
  const { pathname } = useLocation();
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
      <NavLink
        label="Configurations"
        leftSection={<IconFileCode size={18} stroke={1.6} aria-hidden />}
        defaultOpened
        childrenOffset={28}
      >
        {CONFIGURATION_ITEMS.map(link)}
      </NavLink>
      {ITEMS.map(link)}
    </nav>
  );
}
