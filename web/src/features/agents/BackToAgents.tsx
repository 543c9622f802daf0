import { Anchor, Group } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { Link } from 'react-router';

export function BackToAgents() {
  return (
    <Anchor component={Link} to="/agents" size="sm">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        Agents
      </Group>
    </Anchor>
  );
}
