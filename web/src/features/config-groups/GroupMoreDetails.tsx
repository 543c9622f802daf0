import { Card, Stack, Text, Title, Tooltip } from '@mantine/core';
import type { ConfigGroup } from '@telegraf-controller/contract/configs';
import type { ReactNode } from 'react';
import { formatDateTime, formatRelativeTime } from '../../ui/format';
import { CopyValue } from '../../ui/CopyValue';
import { useAgentBaseUrl } from '../configs/configs.queries';
import { CONFIG_GROUP_SOURCE } from './config-groups.queries';
import { membersInWords } from './member-list';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text component="dt" size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text component="dd" size="sm" m={0}>
        {children}
      </Text>
    </Stack>
  );
}

/** The facts people copy or check: the ID, the TOML URL, the member count and when it changed. */
export function GroupMoreDetails({ group }: { group: ConfigGroup }) {
  const base = useAgentBaseUrl(CONFIG_GROUP_SOURCE, group.id);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="group-more-heading">
      <Title order={2} fz="h4" id="group-more-heading" mb="sm">
        More Details
      </Title>
      <Stack gap="sm" component="dl" m={0}>
        <Fact label="ID">
          <CopyValue value={group.id} label="Copy ID" />
        </Fact>
        <Fact label="Members">{membersInWords(group.configIds.length)}</Fact>
        <Fact label="TOML URL">
          <CopyValue value={`${base}/api/config-groups/${group.id}/toml`} label="Copy TOML URL" />
        </Fact>
        <Fact label="Created">
          <Tooltip label={formatDateTime(group.createdAt)}>
            <span>{formatRelativeTime(group.createdAt)}</span>
          </Tooltip>
        </Fact>
        <Fact label="Updated">
          <Tooltip label={formatDateTime(group.updatedAt)}>
            <span>
              {formatRelativeTime(group.updatedAt)}
              {group.updatedBy ? ` by ${group.updatedBy}` : ''}
            </span>
          </Tooltip>
        </Fact>
      </Stack>
    </Card>
  );
}
