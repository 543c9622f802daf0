import { Alert, Anchor, Badge, Card, Code, Group, Stack, Title } from '@mantine/core';
import type { AgentConfigLink } from '@telegraf-controller/contract/agents';
import { IconInfoCircle } from '@tabler/icons-react';
import { Link } from 'react-router';
import { CopyValue } from '../../ui/CopyValue';
import { ServedVersions } from './ServedVersions';

/** Where a managed source leads and what it is called; null when it names nothing here any more. */
function managedTarget(link: AgentConfigLink): { path: string; name: string; kind: string } | null {
  if (link.configId) {
    return { path: `/configs/${link.configId}`, name: link.configName ?? link.configId, kind: 'Configuration' };
  }
  if (link.groupId) {
    return { path: `/config-groups/${link.groupId}`, name: link.groupName ?? link.groupId, kind: 'Config group' };
  }
  return null;
}

/**
 * The sources the agent reported loading: this controller's configurations linked, with the version it runs of
 * each (and how that is known), anything else to copy.
 */
export function AgentConfigsCard({ configs }: { configs: AgentConfigLink[] }) {
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="configs-heading">
      <Title order={2} fz="h4" id="configs-heading" mb="md">
        Configurations
      </Title>
      {configs.length === 0 ? (
        <Alert variant="light" color="gray" icon={<IconInfoCircle aria-hidden />}>
          This agent has not reported where its configuration comes from. Add <code>&quot;configs&quot;</code> to{' '}
          <code>include</code> in its <code>[[outputs.heartbeat]]</code> section to see it here.
        </Alert>
      ) : (
        <Stack gap="sm" role="list" aria-label="Configuration sources">
          {configs.map((link) => {
            const target = link.kind === 'managed' ? managedTarget(link) : null;
            return (
              <Stack key={link.source} gap={2} role="listitem">
                {target ? (
                  <Group gap="xs">
                    <Badge size="sm" variant="light" tt="none">
                      {target.kind}
                    </Badge>
                    <Anchor component={Link} to={target.path} fw={600} size="sm">
                      {target.name}
                    </Anchor>
                  </Group>
                ) : (
                  <Badge size="sm" variant="light" color="gray" tt="none">
                    External
                  </Badge>
                )}
                {target && link.runs.length > 0 && <ServedVersions runs={link.runs} named={!link.configId} />}
                {target ? (
                  <Code fz="xs" c="dimmed" style={{ wordBreak: 'break-all' }}>
                    {link.source}
                  </Code>
                ) : (
                  <CopyValue value={link.source} label="Copy source" />
                )}
              </Stack>
            );
          })}
        </Stack>
      )}
    </Card>
  );
}
