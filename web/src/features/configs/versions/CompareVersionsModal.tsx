import { Badge, Grid, Group, Modal, Stack, Text } from '@mantine/core';
import type { ConfigVersion } from '@telegraf-controller/contract/configs';
import { useState } from 'react';
import { formatRelativeTime } from '../../../ui/format';
import { PageLoader } from '../../../ui/PageLoader';
import { QueryError } from '../../../ui/QueryError';
import { TomlDiff } from '../editor/TomlDiff';
import { useConfigVersion } from '../configs.queries';

type CompareVersionsModalProps = {
  configId: string;
  /** The two versions to compare, in any order; the lower one is the base. */
  versions: readonly number[];
  rows: readonly ConfigVersion[];
  opened: boolean;
  onClose: () => void;
};

export function CompareVersionsModal({ configId, versions, rows, opened, onClose }: CompareVersionsModalProps) {
  const [older = null, newer = null] = [...versions].sort((a, b) => a - b);
  const base = useConfigVersion(configId, opened ? older : null);
  const changed = useConfigVersion(configId, opened ? newer : null);
  const [chunks, setChunks] = useState<number | null>(null);
  const error = base.error ?? changed.error;

  const heading = (number: number | null) => {
    const row = rows.find((item) => item.version === number);
    return (
      <Group gap="xs">
        <Text fw={600} size="sm">
          Version {number}
        </Text>
        {row && (
          <Text size="sm" c="dimmed">
            ({formatRelativeTime(row.createdAt)}
            {row.author ? `, ${row.author}` : ''})
          </Text>
        )}
        {row?.current && (
          <Badge size="xs" color="teal" variant="light">
            Current
          </Badge>
        )}
      </Group>
    );
  };

  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="90rem"
      title={
        <Group gap="sm">
          <Text fw={650}>Compare Versions</Text>
          {chunks !== null && base.data && changed.data && (
            <Badge variant="light" color={chunks === 0 ? 'gray' : 'navy'} tt="none">
              {chunks === 0 ? 'Identical TOML' : `${chunks} changed region${chunks === 1 ? '' : 's'}`}
            </Badge>
          )}
        </Group>
      }
    >
      <Stack gap="xs">
        {error && <QueryError error={error} what="the versions" />}
        <Grid gutter="xs">
          <Grid.Col span={6}>{heading(older)}</Grid.Col>
          <Grid.Col span={6}>{heading(newer)}</Grid.Col>
        </Grid>
        {base.data && changed.data ? (
          <TomlDiff original={base.data.toml} modified={changed.data.toml} onChunks={setChunks} />
        ) : (
          !error && <PageLoader />
        )}
      </Stack>
    </Modal>
  );
}
