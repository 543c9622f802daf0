import { Avatar, Badge, Group, Menu, Stack, Text, UnstyledButton } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconChevronDown, IconLogout, IconUser } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useLogout, useMe } from '../features/auth/auth.queries';
import { ROLE_COLORS, ROLE_LABELS } from './roles';

export function UserMenu() {
  const me = useMe();
  const logout = useLogout();
  const user = me.data?.user;

  const signOut = () =>
    logout.mutate(undefined, {
      onError: (error) => notifications.show({ color: 'red', title: 'Could not log out', message: error.detail }),
    });

  return (
    <Menu position="bottom-end" width={240} shadow="md">
      <Menu.Target>
        <UnstyledButton
          aria-label="User menu"
          c="white"
          px={6}
          py={4}
          style={{ borderRadius: 'var(--mantine-radius-md)' }}
        >
          <Group gap={8} wrap="nowrap">
            <Avatar size={30} radius="xl" color="navy.2" variant="filled">
              {user?.username.slice(0, 2).toUpperCase()}
            </Avatar>
            <Text size="sm" fw={500} visibleFrom="sm">
              {user?.username}
            </Text>
            <IconChevronDown size={14} aria-hidden />
          </Group>
        </UnstyledButton>
      </Menu.Target>
      <Menu.Dropdown>
        {user && (
          <Stack gap={4} px="sm" py="xs">
            <Text size="sm" fw={600} data-testid="user-menu-username">
              {user.username}
            </Text>
            {user.displayName && (
              <Text size="xs" c="dimmed">
                {user.displayName}
              </Text>
            )}
            <Badge color={ROLE_COLORS[user.role]} variant="light" w="fit-content">
              {ROLE_LABELS[user.role]}
            </Badge>
          </Stack>
        )}
        <Menu.Divider />
        <Menu.Item component={Link} to="/account" leftSection={<IconUser size={16} aria-hidden />}>
          Account
        </Menu.Item>
        <Menu.Item leftSection={<IconLogout size={16} aria-hidden />} onClick={signOut} disabled={logout.isPending}>
          Log out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
