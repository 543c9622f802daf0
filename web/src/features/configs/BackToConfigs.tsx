import { Anchor, Group } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';

export function BackToConfigs() {
  return (
    <Anchor component={Link} to="/configs" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        Configurations
      </Group>
    </Anchor>
  );
}
