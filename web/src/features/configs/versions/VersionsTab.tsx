import { Button, Group, Stack, Table, Text } from '@mantine/core';
import type { Config, ConfigVersion } from '@telegraf-controller/contract/configs';
import { IconArrowsDiff, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { PagedTable } from '../../../ui/PagedTable';
import { useMe } from '../../auth/auth.queries';
import { useConfigVersions } from '../configs.queries';
import { CompareVersionsModal } from './CompareVersionsModal';
import { PruneVersionsModal } from './PruneVersionsModal';
import { VersionActionDialog, type VersionAction } from './VersionActionDialog';
import { VersionRow } from './VersionRow';

type VersionsTabProps = { config: Config; canWrite: boolean; canDelete: boolean };

/**
 * The kept versions, newest first, a page at a time: view, compare two, edit a note, review, publish, approve another's
 * version (four eyes), roll back, prune.
 */
export function VersionsTab({ config, canWrite, canDelete }: VersionsTabProps) {
  const versions = useConfigVersions(config.id);
  const me = useMe().data?.user.username;
  const [selected, setSelected] = useState<readonly number[]>([]);
  const [comparing, setComparing] = useState(false);
  const [pruning, setPruning] = useState(false);
  const [action, setAction] = useState<{ version: ConfigVersion; action: VersionAction } | null>(null);
  const rows = versions.data?.pages.flatMap((page) => page.items) ?? [];
  const total = versions.data?.pages[0]?.total ?? 0;
  const shown = selected.filter((number) => rows.some((row) => row.version === number));

  const toggle = (version: number, on: boolean) =>
    setSelected((current) => (on ? [...current, version] : current.filter((number) => number !== version)));

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Text size="sm" c="dimmed">
          Saving changed TOML adds a version
          {config.publishMode === 'explicit' ? ', served once it is published' : ''}. Select two to compare them.
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
              disabled={total < 2}
            >
              {shown.length > 0 ? `Prune ${shown.length} selected` : 'Prune…'}
            </Button>
          )}
        </Group>
      </Group>
      <PagedTable
        query={versions}
        label="Versions"
        what="the versions"
        minWidth={720}
        selectAll={{
          label: 'Select all versions',
          props: {
            checked: rows.length > 0 && shown.length === rows.length,
            indeterminate: shown.length > 0 && shown.length < rows.length,
            onChange: (event) => setSelected(event.currentTarget.checked ? rows.map((row) => row.version) : []),
          },
        }}
        head={
          <>
            <Table.Th w={320}>Version</Table.Th>
            <Table.Th>Change note</Table.Th>
            <Table.Th w={180}>Time</Table.Th>
            <Table.Th w={160}>Author</Table.Th>
          </>
        }
        noMatch="No versions."
      >
        {rows.map((version) => (
          <VersionRow
            key={version.version}
            version={version}
            selected={shown.includes(version.version)}
            onSelect={(on) => toggle(version.version, on)}
            canWrite={canWrite}
            canDelete={canDelete}
            served={{ published: config.publishedVersion, pinned: config.pinnedVersion }}
            canApprove={me !== undefined && version.author !== me}
            onAction={(chosen) => setAction({ version, action: chosen })}
          />
        ))}
      </PagedTable>
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
