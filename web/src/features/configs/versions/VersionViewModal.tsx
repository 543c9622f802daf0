import { Group, Modal, Stack, Text } from '@mantine/core';
import type { ConfigVersion } from '@telegraf-controller/contract/configs';
import { formatDateTime } from '../../../ui/format';
import { PageLoader } from '../../../ui/PageLoader';
import { QueryError } from '../../../ui/QueryError';
import { TomlEditor } from '../editor/TomlEditor';
import { useConfigVersion } from '../configs.queries';

type VersionViewModalProps = {
  configId: string;
  version: ConfigVersion | null;
  opened: boolean;
  onClose: () => void;
};

/** The TOML a version holds, read-only. */
export function VersionViewModal({ configId, version, opened, onClose }: VersionViewModalProps) {
  const detail = useConfigVersion(configId, opened ? (version?.version ?? null) : null);
  return (
    <Modal
      opened={opened && version !== null}
      onClose={onClose}
      size="xl"
      title={<Text fw={650}>Version {version?.version}</Text>}
    >
      {version && (
        <Stack gap="sm">
          <Group gap="lg">
            <Text size="sm" c="dimmed">
              {formatDateTime(version.createdAt)}
              {version.author ? ` by ${version.author}` : ''}
            </Text>
            <Text size="sm">
              {version.note || (
                <Text span c="dimmed">
                  No note
                </Text>
              )}
            </Text>
          </Group>
          {detail.error && <QueryError error={detail.error} what="the version" onRetry={() => void detail.refetch()} />}
          {detail.isPending && <PageLoader />}
          {detail.data && (
            <TomlEditor
              value={detail.data.toml}
              label={`TOML of version ${version.version}`}
              readOnly
              minHeight={200}
              maxHeight={560}
            />
          )}
        </Stack>
      )}
    </Modal>
  );
}
