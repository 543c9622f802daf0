import { AppShell, Burger, Group, ScrollArea, Text, ThemeIcon, UnstyledButton } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { IconTopologyStar3 } from '@tabler/icons-react';
import { Link, Outlet } from 'react-router';
import { HeartbeatHealthIndicator } from '../features/status/HeartbeatHealthIndicator';
import { useVersion } from '../features/status/status.queries';
import { NavMenu } from './NavMenu';
import { UserMenu } from './UserMenu';

/** The signed-in shell: header, collapsible navigation, and the current page in the main area. */
export function AppFrame() {
  const [mobileOpened, { toggle: toggleMobile, close: closeMobile }] = useDisclosure(false);
  const [desktopOpened, { toggle: toggleDesktop }] = useDisclosure(true);

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 248, breakpoint: 'sm', collapsed: { mobile: !mobileOpened, desktop: !desktopOpened } }}
      padding="lg"
    >
      <AppShell.Header bg="navy.9" c="white" withBorder={false}>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={mobileOpened}
              onClick={toggleMobile}
              hiddenFrom="sm"
              size="sm"
              color="white"
              aria-label="Toggle navigation"
            />
            <Burger
              opened={desktopOpened}
              onClick={toggleDesktop}
              visibleFrom="sm"
              size="sm"
              color="white"
              aria-label="Toggle navigation"
            />
            <UnstyledButton component={Link} to="/" c="white">
              <Group gap={10} wrap="nowrap">
                <ThemeIcon size={30} radius="md" color="navy.5" variant="filled">
                  <IconTopologyStar3 size={18} stroke={1.8} aria-hidden />
                </ThemeIcon>
                <Text fw={650} size="lg" lh={1}>
                  Telegraf Controller
                </Text>
              </Group>
            </UnstyledButton>
          </Group>
          <UserMenu />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm">
        <AppShell.Section grow component={ScrollArea}>
          <NavMenu onNavigate={closeMobile} />
        </AppShell.Section>
        <AppShell.Section pt="sm" px="xs" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          <HeartbeatHealthIndicator />
          <ControllerVersion />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main bg="gray.0">
        <Outlet />
      </AppShell.Main>
    </AppShell>
  );
}

function ControllerVersion() {
  const version = useVersion();
  return (
    <Text size="xs" c="dimmed" data-testid="controller-version">
      {version.data
        ? `Telegraf Controller v${version.data.version}`
        : version.isError
          ? 'Version unavailable'
          : '\u00a0'}
    </Text>
  );
}
