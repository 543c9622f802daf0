import { Anchor, Button, Collapse, List, Loader, Popover, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Constant } from '@telegraf-controller/contract/configs';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { Link } from 'react-router';
import { useConstant } from './constants.queries';

export function configsInWords(count: number): string {
  return `${count} config${count === 1 ? '' : 's'}`;
}

/** The configurations that refer to a constant, each a link; loaded when shown. */
export function ConstantUsageList({ name }: { name: string }) {
  const detail = useConstant(name);
  if (detail.isPending) return <Loader size="xs" aria-label="Loading usage" />;
  if (detail.error) {
    return (
      <Text size="sm" c="red.7">
        {detail.error.detail}
      </Text>
    );
  }
  if (detail.data.usedBy.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No configuration uses it.
      </Text>
    );
  }
  return <UsedByList configs={detail.data.usedBy} />;
}

export function UsedByList({ configs }: { configs: readonly { id: string; name: string }[] }) {
  return (
    <List size="sm" spacing={2}>
      {configs.map((config) => (
        <List.Item key={config.id}>
          <Anchor component={Link} to={`/configs/${config.id}`} size="sm">
            {config.name}
          </Anchor>
        </List.Item>
      ))}
    </List>
  );
}

/** The usage count in the table; clicking it lists the configurations. */
export function ConstantUsageButton({ constant }: { constant: Constant }) {
  if (constant.usage === 0) {
    return (
      <Text size="sm" c="dimmed">
        Unused
      </Text>
    );
  }
  return (
    <Popover position="bottom-start" withArrow shadow="md" width={280}>
      <Popover.Target>
        <Button variant="subtle" size="compact-sm" aria-label={`Configurations using ${constant.name}`}>
          {configsInWords(constant.usage)}
        </Button>
      </Popover.Target>
      <Popover.Dropdown>
        <Stack gap="xs">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            Used by
          </Text>
          <ConstantUsageList name={constant.name} />
        </Stack>
      </Popover.Dropdown>
    </Popover>
  );
}

/** The usage as an expandable section, for the edit dialog. */
export function ConstantUsageSection({ constant }: { constant: Constant }) {
  const [opened, toggle] = useDisclosure(false);
  if (constant.usage === 0) {
    return (
      <Text size="sm" c="dimmed">
        No configuration uses this constant yet.
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      <Button
        variant="subtle"
        size="compact-sm"
        w="fit-content"
        px={4}
        leftSection={opened ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
        onClick={toggle.toggle}
        aria-expanded={opened}
      >
        Used by {configsInWords(constant.usage)}: a new value reaches all of them
      </Button>
      <Collapse in={opened}>{opened && <ConstantUsageList name={constant.name} />}</Collapse>
    </Stack>
  );
}
