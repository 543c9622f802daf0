import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ConfigGroup } from '@telegraf-controller/contract/configs';
import { IconLock } from '@tabler/icons-react';
import { useMemo } from 'react';
import { QueryError } from '../../ui/QueryError';
import type { EditorFindings } from '../configs/editor/diagnostics';
import { TomlEditor } from '../configs/editor/TomlEditor';
import { FindingsSummary } from '../configs/FindingsSummary';
import { useConfigGroupPreview } from './config-groups.queries';

/** The saved members merged in order, as agents receive them but with placeholders still unfilled. */
export function MergedPreviewCard({ group }: { group: ConfigGroup }) {
  const preview = useConfigGroupPreview(group.id);
  const data = preview.data;
  const findings = useMemo<EditorFindings | null>(
    () => (data ? { text: data.toml, errors: data.validation.errors, warnings: data.validation.warnings } : null),
    [data],
  );

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="group-preview-heading">
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="sm">
        <div>
          <Title order={2} fz="h4" id="group-preview-heading">
            Merged TOML Preview
          </Title>
          <Text size="xs" c="dimmed">
            What agents load from this group: each member&apos;s TOML in order, after a comment naming its source.
            Parameters stay as placeholders here; each agent fills them in from its URL.
          </Text>
        </div>
        <Badge
          variant="light"
          color="gray"
          tt="none"
          leftSection={<IconLock size={12} aria-hidden />}
          style={{ flexShrink: 0 }}
        >
          Read-Only
        </Badge>
      </Group>
      {preview.error && (
        <QueryError error={preview.error} what="the merged TOML" onRetry={() => void preview.refetch()} />
      )}
      {data && findings && (
        <Stack gap="sm">
          <Text size="sm" data-testid="preview-sources">
            {data.sources.length === 0 ? (
              <Text span c="dimmed" size="sm">
                No configurations yet: the merged TOML is empty.
              </Text>
            ) : (
              <>
                <Text span c="dimmed" size="sm">
                  Sources in order:{' '}
                </Text>
                <Text span fw={600} size="sm">
                  {data.sources.map(({ name }) => name).join(' → ')}
                </Text>
              </>
            )}
          </Text>
          <FindingsSummary findings={findings} checking={preview.isFetching} error={null} />
          <TomlEditor
            value={data.toml}
            findings={findings}
            label="Merged TOML"
            readOnly
            minHeight={200}
            emptyText="Nothing to merge yet."
          />
        </Stack>
      )}
      {preview.isPending && (
        <Text size="sm" c="dimmed">
          Merging the members…
        </Text>
      )}
    </Card>
  );
}
