import { Badge, Button, Card, Group, Menu, Stack, Switch, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { Webhook } from '@telegraf-controller/contract/webhooks';
import { IconList, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { ConfirmModal } from '../../ui/ConfirmModal';
import { PageLoader } from '../../ui/PageLoader';
import { QueryError } from '../../ui/QueryError';
import { RowMenu } from '../../ui/RowMenu';
import { useLastPresent } from '../../ui/use-last-present';
import { NewWebhookModal } from './NewWebhookModal';
import { WebhookDeliveriesModal } from './WebhookDeliveriesModal';
import { useDeleteWebhook, useUpdateWebhook, useWebhooks } from './webhooks.queries';

type WebhooksSectionProps = { readOnly: boolean };

/** The webhook subscriptions on the Settings page: listed for settings:read, changed with settings:write. */
export function WebhooksSection({ readOnly }: WebhooksSectionProps) {
  const webhooks = useWebhooks();
  const [creating, setCreating] = useState(false);
  const [logOf, setLogOf] = useState<Webhook | null>(null);
  const [deleting, setDeleting] = useState<Webhook | null>(null);
  const update = useUpdateWebhook();

  const toggle = (webhook: Webhook, enabled: boolean) =>
    update.mutate(
      { id: webhook.id, enabled },
      {
        onSuccess: () =>
          notifications.show({
            color: 'green',
            title: `Webhook ${enabled ? 'enabled' : 'disabled'}`,
            message: enabled ? `${webhook.name} is sent its events again.` : `${webhook.name} is sent nothing.`,
          }),
        onError: (error) =>
          notifications.show({ color: 'red', title: 'The webhook was not changed', message: error.detail }),
      },
    );

  const list = () => {
    if (webhooks.error) {
      return <QueryError error={webhooks.error} what="the webhooks" onRetry={() => void webhooks.refetch()} />;
    }
    if (!webhooks.data) return <PageLoader />;
    if (webhooks.data.items.length === 0) {
      return (
        <Text size="sm" c="dimmed">
          No webhooks yet.
        </Text>
      );
    }
    return (
      <Table.ScrollContainer minWidth={720}>
        <Table aria-label="Webhooks" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>URL</Table.Th>
              <Table.Th>Events</Table.Th>
              <Table.Th w={110}>Enabled</Table.Th>
              <Table.Th w={48} aria-label="Actions" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {webhooks.data.items.map((webhook) => (
              <Table.Tr key={webhook.id}>
                <Table.Td>
                  <Text size="sm" fw={600}>
                    {webhook.name}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                    {webhook.url}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Group gap={4}>
                    {webhook.events.map((event) => (
                      <Badge key={event} size="sm" variant="light" tt="none">
                        {event}
                      </Badge>
                    ))}
                  </Group>
                </Table.Td>
                <Table.Td>
                  <Switch
                    aria-label={`Enabled: ${webhook.name}`}
                    checked={webhook.enabled}
                    disabled={readOnly}
                    onChange={(event) => toggle(webhook, event.currentTarget.checked)}
                  />
                </Table.Td>
                <Table.Td>
                  <RowMenu name={webhook.name}>
                    <Menu.Item leftSection={<IconList size={14} aria-hidden />} onClick={() => setLogOf(webhook)}>
                      Delivery log
                    </Menu.Item>
                    {!readOnly && (
                      <Menu.Item
                        color="red"
                        leftSection={<IconTrash size={14} aria-hidden />}
                        onClick={() => setDeleting(webhook)}
                      >
                        Delete
                      </Menu.Item>
                    )}
                  </RowMenu>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="webhooks-heading">
      <Group justify="space-between" align="flex-start" mb="md">
        <Stack gap={4}>
          <Title order={2} fz="h4" id="webhooks-heading">
            Webhooks
          </Title>
          <Text size="sm" c="dimmed">
            Events (agents&apos; status changes, rollouts, expiring tokens, flagged agents) are POSTed to these URLs,
            signed with each subscription&apos;s secret, and retried with backoff.
          </Text>
        </Stack>
        {!readOnly && (
          <Button leftSection={<IconPlus size={16} aria-hidden />} onClick={() => setCreating(true)}>
            New Webhook
          </Button>
        )}
      </Group>
      {list()}
      <NewWebhookModal opened={creating} onClose={() => setCreating(false)} />
      <WebhookDeliveriesModal webhook={logOf} canTest={!readOnly} onClose={() => setLogOf(null)} />
      <DeleteWebhookDialog webhook={deleting} onClose={() => setDeleting(null)} />
    </Card>
  );
}

function DeleteWebhookDialog({ webhook: current, onClose }: { webhook: Webhook | null; onClose: () => void }) {
  const webhook = useLastPresent(current);
  const remove = useDeleteWebhook();
  const close = () => {
    remove.reset();
    onClose();
  };
  const confirm = () => {
    if (!webhook) return;
    remove.mutate(webhook.id, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Webhook deleted', message: `${webhook.name} is gone.` });
        close();
      },
    });
  };
  return (
    <ConfirmModal
      opened={current !== null}
      onClose={close}
      title={`Delete webhook ${webhook?.name ?? ''}`}
      confirmLabel="Confirm & Delete"
      color="red"
      onConfirm={confirm}
      loading={remove.isPending}
      error={remove.error}
    >
      <Text size="sm">
        {webhook?.url} is sent no more events, pending deliveries are dropped, and the delivery log is deleted with the
        subscription.
      </Text>
    </ConfirmModal>
  );
}
