import { ActionIcon, Button, Group, Menu } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconCheck, IconChevronDown, IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { agentKeys } from './agents.queries';

const REFRESH_INTERVALS = [
  { ms: 0, label: 'Off' },
  { ms: 10_000, label: '10 s' },
  { ms: 30_000, label: '30 s' },
  { ms: 60_000, label: '1 min' },
] as const;

type RefreshControlProps = {
  /** Auto-refresh in milliseconds (0 = off), chosen from the ⌄ menu; without it the button only refreshes. */
  interval?: { value: number; onChange: (ms: number) => void };
};

/** ⟳ Refresh reads every agent view on screen again; its ⌄ menu sets how often that happens by itself. */
export function RefreshControl({ interval }: RefreshControlProps) {
  const queryClient = useQueryClient();
  const [refreshing, setRefreshing] = useState(false);
  const refresh = async () => {
    setRefreshing(true);
    try {
      await queryClient.invalidateQueries({ queryKey: agentKeys.all });
    } finally {
      setRefreshing(false);
    }
  };
  const current = REFRESH_INTERVALS.find((option) => option.ms === interval?.value);

  return (
    <Group gap={0} wrap="nowrap">
      <Button
        variant="default"
        leftSection={<IconRefresh size={16} aria-hidden />}
        loading={refreshing}
        onClick={() => void refresh()}
        style={interval ? { borderTopRightRadius: 0, borderBottomRightRadius: 0 } : undefined}
      >
        {interval && current && current.ms > 0 ? `Refresh · every ${current.label}` : 'Refresh'}
      </Button>
      {interval && (
        <Menu position="bottom-end" shadow="md" width={180}>
          <Menu.Target>
            <ActionIcon
              variant="default"
              size={36}
              aria-label="Auto-refresh interval"
              style={{ borderTopLeftRadius: 0, borderBottomLeftRadius: 0, borderLeft: 0 }}
            >
              <IconChevronDown size={16} aria-hidden />
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Label>Auto-refresh</Menu.Label>
            {REFRESH_INTERVALS.map((option) => (
              <Menu.Item
                key={option.ms}
                onClick={() => interval.onChange(option.ms)}
                rightSection={option.ms === interval.value ? <IconCheck size={14} aria-label="chosen" /> : null}
              >
                {option.label}
              </Menu.Item>
            ))}
          </Menu.Dropdown>
        </Menu>
      )}
    </Group>
  );
}
