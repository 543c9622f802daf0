import { Anchor, Group } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';

export function BackToConfigGroups() {
  return (
    <Anchor component={Link} to="/config-groups" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        Config Groups
      </Group>
    </Anchor>
  );
}
