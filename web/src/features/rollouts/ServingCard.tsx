import { Badge, Button, Card, Divider, Group, SegmentedControl, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Config, PublishMode } from '@telegraf-controller/contract/configs';
import { IconLock, IconLockOpen } from '@tabler/icons-react';
import { useState } from 'react';
import { FormError } from '../../ui/FormError';
import { ManageRow } from '../../ui/ManageRow';
import { useUpdateConfig } from '../configs/configs.queries';
import { PinDialog } from './PinDialog';

type ServingCardProps = { config: Config; canWrite: boolean };

const MODE_OPTIONS = [
  { value: 'live', label: 'Live' },
  { value: 'explicit', label: 'Publish explicitly' },
];

/** What agents are served (ADR 27): the published version, how saves reach it, and the kill switch. */
export function ServingCard({ config, canWrite }: ServingCardProps) {
  const update = useUpdateConfig(config.id);
  const [pinning, setPinning] = useState<'pin' | 'unpin' | null>(null);
  const pinned = config.pinnedVersion !== null;

  const setMode = (publishMode: PublishMode) =>
    update.mutate(
      { publishMode },
      {
        onSuccess: () =>
          notifications.show({
            color: 'green',
            title: publishMode === 'live' ? 'Saves are served at once' : 'Saves wait to be published',
            message:
              publishMode === 'live'
                ? 'Each save is served to every agent as soon as it is made.'
                : 'Each save makes a version that is not served until it is published or rolled out.',
          }),
      },
    );

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="serving-heading">
      <Group justify="space-between" mb="xs">
        <Title order={2} fz="h4" id="serving-heading">
          Serving
        </Title>
        <Group gap="xs">
          <Badge variant="light" color="teal" size="lg">
            Published v{config.publishedVersion}
          </Badge>
          {pinned && (
            <Badge variant="filled" color="red" size="lg">
              Pinned to v{config.pinnedVersion}
            </Badge>
          )}
        </Group>
      </Group>
      <Text size="sm" c="dimmed">
        {pinned
          ? `Every agent is served version ${config.pinnedVersion}. Saves make versions that are not served, and publishing and rollouts wait until it is unpinned.`
          : config.publishedVersion === config.version
            ? `Every agent outside a rollout is served version ${config.publishedVersion}, the latest.`
            : `Every agent outside a rollout is served version ${config.publishedVersion}; version ${config.version}, the latest, is not served yet.`}
      </Text>
      <Divider my="sm" />
      <FormError error={update.error} title="The publish mode was not changed" />
      <ManageRow
        title="Publish mode"
        description="Live serves each save to every agent at once. Publish explicitly keeps saves from agents until a version is published (on the Versions tab) or rolled out."
      >
        <SegmentedControl
          aria-label="Publish mode"
          data={MODE_OPTIONS}
          value={config.publishMode}
          onChange={(value) => setMode(value as PublishMode)}
          disabled={!canWrite || update.isPending}
        />
      </ManageRow>
      <ManageRow
        title="Kill switch"
        description={
          pinned
            ? 'Unpinning serves the published version again, and lets saves, publishing and rollouts through.'
            : 'Pinning serves one version to every agent at once, ends any rollout, and holds back every save until it is unpinned.'
        }
      >
        {canWrite &&
          (pinned ? (
            <Button
              variant="light"
              leftSection={<IconLockOpen size={16} aria-hidden />}
              onClick={() => setPinning('unpin')}
            >
              Unpin
            </Button>
          ) : (
            <Button
              variant="light"
              color="red"
              leftSection={<IconLock size={16} aria-hidden />}
              onClick={() => setPinning('pin')}
            >
              Pin a Version
            </Button>
          ))}
      </ManageRow>
      {!canWrite && (
        <Text size="sm" c="dimmed">
          Your role can see what is served but not change it.
        </Text>
      )}
      <PinDialog config={config} action={pinning} onClose={() => setPinning(null)} />
    </Card>
  );
}
