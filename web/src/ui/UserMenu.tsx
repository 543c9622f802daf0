import { ActionIcon, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLogout, IconUser, IconUserCircle } from '@tabler/icons-react';
import { Link, useNavigate } from 'react-router';
import { useLogout } from '../features/auth/auth.queries';

export function UserMenu() {
  const navigate = useNavigate();
  const logout = useLogout();

  const signOut = () =>
    logout.mutate(undefined, {
      onSuccess: () => navigate('/login'),
      onError: (error) => notifications.show({ color: 'red', title: 'Could not log out', message: error.detail }),
    });

  return (
    <Menu position="bottom-end" width={200} shadow="md">
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray.0" size="lg" radius="xl" aria-label="User menu">
          <IconUserCircle size={26} stroke={1.5} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item component={Link} to="/account" leftSection={<IconUser size={16} aria-hidden />}>
          Account
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={signOut} disabled={logout.isPending}>
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
