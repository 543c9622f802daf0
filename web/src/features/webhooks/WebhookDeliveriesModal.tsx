import { Alert, Badge, Button, Code, Group, Modal, Stack, Table, Text } from '@mantine/core';
import type { Webhook, WebhookDelivery } from '@telegraf-controller/contract/webhooks';
import { IconChevronDown, IconChevronRight, IconSend } from '@tabler/icons-react';
import { Fragment, useState } from 'react';
import { FormError } from '../../ui/FormError';
import { PageLoader } from '../../ui/PageLoader';
import { QueryError } from '../../ui/QueryError';
import { TimeCell } from '../../ui/TimeCell';
import { capitalize } from '../../ui/format';
import { useLastPresent } from '../../ui/use-last-present';
import { useTestWebhook, useWebhookDeliveries } from './webhooks.queries';

const STATE_COLORS: Record<WebhookDelivery['state'], string> = {
  pending: 'yellow',
  delivered: 'green',
  rejected: 'orange',
  failed: 'red',
};

export function DeliveryStateBadge({ state }: { state: WebhookDelivery['state'] }) {
  return (
    <Badge size="sm" variant="light" color={STATE_COLORS[state]}>
      {capitalize(state)}
    </Badge>
  );
}

/** A payload as sent, indented when it is JSON. */
function pretty(payload: string): string {
  try {
    return JSON.stringify(JSON.parse(payload), null, 2);
  } catch {
    return payload;
  }
}

type WebhookDeliveriesModalProps = { webhook: Webhook | null; canTest: boolean; onClose: () => void };

/** The delivery log of one subscription (the latest 100), and a test event sent on demand. */
export function WebhookDeliveriesModal({ webhook: current, canTest, onClose }: WebhookDeliveriesModalProps) {
  const webhook = useLastPresent(current);
  const deliveries = useWebhookDeliveries(current?.id ?? null);
  const test = useTestWebhook();
  const [expanded, setExpanded] = useState<string | null>(null);

  const close = () => {
    test.reset();
    setExpanded(null);
    onClose();
  };

  const log = () => {
    if (deliveries.error) {
      return <QueryError error={deliveries.error} what="the deliveries" onRetry={() => void deliveries.refetch()} />;
    }
    if (!deliveries.data) return <PageLoader />;
    if (deliveries.data.items.length === 0) {
      return (
        <Text size="sm" c="dimmed">
          Nothing has been sent yet.
        </Text>
      );
    }
    return (
      <Table.ScrollContainer minWidth={960}>
        <Table aria-label="Deliveries" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={36} aria-label="Payload" />
              <Table.Th>Event</Table.Th>
              <Table.Th>State</Table.Th>
              <Table.Th>Attempts</Table.Th>
              <Table.Th>Last status</Table.Th>
              <Table.Th>Last error</Table.Th>
              <Table.Th>Response</Table.Th>
              <Table.Th>Created</Table.Th>
              <Table.Th>Finished</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {deliveries.data.items.map((delivery) => {
              const open = expanded === delivery.id;
              return (
                <Fragment key={delivery.id}>
                  <Table.Tr>
                    <Table.Td>
                      <Button
                        variant="subtle"
                        size="compact-xs"
                        aria-expanded={open}
                        aria-label={`Payload of ${delivery.event} ${delivery.id}`}
                        onClick={() => setExpanded(open ? null : delivery.id)}
                      >
                        {open ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />}
                      </Button>
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" ff="monospace">
                        {delivery.event}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <DeliveryStateBadge state={delivery.state} />
                    </Table.Td>
                    <Table.Td>{delivery.attempts}</Table.Td>
                    <Table.Td>{delivery.lastStatus ?? '—'}</Table.Td>
                    <Table.Td>
                      <Text size="sm" c={delivery.lastError ? 'red' : 'dimmed'}>
                        {delivery.lastError ?? '—'}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <Text size="xs" ff="monospace" lineClamp={2} maw={240} style={{ wordBreak: 'break-all' }}>
                        {delivery.lastResponse ?? '—'}
                      </Text>
                    </Table.Td>
                    <TimeCell value={delivery.createdAt} />
                    {delivery.finishedAt ? (
                      <TimeCell value={delivery.finishedAt} />
                    ) : (
                      <Table.Td>
                        <Text size="sm" c="dimmed">
                          —
                        </Text>
                      </Table.Td>
                    )}
                  </Table.Tr>
                  {open && (
                    <Table.Tr>
                      <Table.Td colSpan={9}>
                        <Code
                          block
                          aria-label={`Payload of ${delivery.event}`}
                          style={{ maxHeight: 320, overflow: 'auto' }}
                        >
                          {pretty(delivery.payload)}
                        </Code>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Fragment>
              );
            })}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );
  };

  return (
    <Modal
      opened={current !== null}
      onClose={close}
      title={<Text fw={650}>Deliveries of {webhook?.name}</Text>}
      size="90rem"
      centered
    >
      <Stack gap="md">
        <Group justify="space-between">
          <Text size="sm" c="dimmed" ff="monospace" style={{ wordBreak: 'break-all' }}>
            {webhook?.url}
          </Text>
          {canTest && webhook && (
            <Button
              variant="default"
              leftSection={<IconSend size={16} aria-hidden />}
              loading={test.isPending}
              onClick={() => test.mutate(webhook.id)}
            >
              Send Test
            </Button>
          )}
        </Group>
        <FormError error={test.error} title="The test was not sent" />
        {test.data && (
          <Alert
            color={STATE_COLORS[test.data.state]}
            variant="light"
            title={`Test ${test.data.state}${test.data.lastStatus === null ? '' : `: HTTP ${test.data.lastStatus}`}`}
          >
            {test.data.lastError ?? (test.data.state === 'delivered' ? 'The receiver accepted it.' : '')}
          </Alert>
        )}
        {log()}
      </Stack>
    </Modal>
  );
}
