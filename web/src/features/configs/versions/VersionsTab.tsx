import { Button, Card, Checkbox, Group, Stack, Table, Text } from '@mantine/core';
import type { Config, ConfigVersion } from '@telegraf-controller/contract/configs';
import { IconArrowsDiff, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { QueryError } from '../../../ui/QueryError';
import { useConfigVersions } from '../configs.queries';
import { CompareVersionsModal } from './CompareVersionsModal';
import { PruneVersionsModal } from './PruneVersionsModal';
import { VersionActionDialog, type VersionAction } from './VersionActionDialog';
import { VersionRow } from './VersionRow';

type VersionsTabProps = { config: Config; canWrite: boolean; canDelete: boolean };

/** Every kept version, newest first: view, compare two, edit a note, roll back, prune. */
export function VersionsTab({ config, canWrite, canDelete }: VersionsTabProps) {
  const versions = useConfigVersions(config.id);
  const [selected, setSelected] = useState<readonly number[]>([]);
  const [comparing, setComparing] = useState(false);
  const [pruning, setPruning] = useState(false);
  const [action, setAction] = useState<{ version: ConfigVersion; action: VersionAction } | null>(null);
  const rows = versions.data?.items ?? [];
  const shown = selected.filter((number) => rows.some((row) => row.version === number));

  const toggle = (version: number, on: boolean) =>
    setSelected((current) => (on ? [...current, version] : current.filter((number) => number !== version)));

  if (versions.error) {
    return <QueryError error={versions.error} what="the versions" onRetry={() => void versions.refetch()} />;
  }
  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Saving changed TOML adds a version. Select two to compare them.
        </Text>
        <Group gap="xs">
          <Button
            variant="default"
            leftSection={<IconArrowsDiff size={16} aria-hidden />}
            disabled={shown.length !== 2}
            onClick={() => setComparing(true)}
          >
            Compare
          </Button>
          {canDelete && (
            <Button
              variant="default"
              color="red"
              leftSection={<IconTrash size={16} aria-hidden />}
              onClick={() => setPruning(true)}
              disabled={rows.length < 2}
            >
              {shown.length > 0 ? `Prune ${shown.length} selected` : 'Prune…'}
            </Button>
          )}
        </Group>
      </Group>
      {versions.isPending && (
        <Text size="sm" c="dimmed">
          Loading versions…
        </Text>
      )}
      {versions.data && (
        <Card withBorder padding={0} radius="md">
          <Table.ScrollContainer minWidth={720}>
            <Table verticalSpacing="sm" horizontalSpacing="md" aria-label="Versions">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th w={40}>
                    <Checkbox
                      aria-label="Select all versions"
                      checked={rows.length > 0 && shown.length === rows.length}
                      indeterminate={shown.length > 0 && shown.length < rows.length}
                      onChange={(event) =>
                        setSelected(event.currentTarget.checked ? rows.map((row) => row.version) : [])
                      }
                    />
                  </Table.Th>
                  <Table.Th w={140}>Version</Table.Th>
                  <Table.Th>Change note</Table.Th>
                  <Table.Th w={180}>Time</Table.Th>
                  <Table.Th w={160}>Author</Table.Th>
                  <Table.Th w={48} aria-label="Actions" />
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {rows.map((version) => (
                  <VersionRow
                    key={version.version}
                    version={version}
                    selected={shown.includes(version.version)}
                    onSelect={(on) => toggle(version.version, on)}
                    canWrite={canWrite}
                    canDelete={canDelete}
                    onAction={(chosen) => setAction({ version, action: chosen })}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Card>
      )}
      <CompareVersionsModal
        configId={config.id}
        versions={comparing ? shown : []}
        rows={rows}
        opened={comparing && shown.length === 2}
        onClose={() => setComparing(false)}
      />
      <PruneVersionsModal
        configId={config.id}
        rows={rows}
        selected={shown}
        opened={pruning}
        onClose={() => setPruning(false)}
        onPruned={() => setSelected([])}
      />
      <VersionActionDialog
        config={config}
        version={action?.version ?? null}
        action={action?.action ?? null}
        onClose={() => setAction(null)}
      />
    </Stack>
  );
}
