import { Alert, Button, Checkbox, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { WEBHOOK_EVENTS, type WebhookCreated, type WebhookEvent } from '@telegraf-controller/contract/webhooks';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { CopyAction } from '../../ui/CopyAction';
import { FormActions } from '../../ui/FormActions';
import { FormError } from '../../ui/FormError';
import { useFormFields } from '../../ui/use-form-fields';
import { EVENT_LABELS } from './webhook-events';
import { useCreateWebhook } from './webhooks.queries';

const MONOSPACE = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

type NewWebhookModalProps = { opened: boolean; onClose: () => void };

/** Subscribes a URL to events; the signing secret the answer carries is shown here, this once. */
export function NewWebhookModal({ opened, onClose }: NewWebhookModalProps) {
  const [created, setCreated] = useState<WebhookCreated | null>(null);
  const close = () => {
    setCreated(null);
    onClose();
  };
  return (
    <Modal
      opened={opened}
      onClose={close}
      title={<Text fw={650}>{created ? `Webhook ${created.name}` : 'New Webhook'}</Text>}
      size="lg"
      centered
    >
      {created ? (
        <SecretPanel created={created} onDone={close} />
      ) : (
        <WebhookForm onCreated={setCreated} onCancel={close} />
      )}
    </Modal>
  );
}

function SecretPanel({ created, onDone }: { created: WebhookCreated; onDone: () => void }) {
  return (
    <Stack gap="md">
      <Alert
        color="orange"
        variant="filled"
        icon={<IconAlertTriangle aria-hidden />}
        title="Copy the signing secret now: it is not shown again"
      >
        The receiver checks each delivery&apos;s HMAC-SHA256 signature with it. If it is lost, delete this webhook and
        create a new one.
      </Alert>
      <Group gap="xs" align="flex-end" wrap="nowrap">
        <TextInput
          label="Signing secret"
          value={created.secret}
          readOnly
          styles={MONOSPACE}
          onFocus={(event) => event.currentTarget.select()}
          style={{ flex: 1 }}
          data-autofocus
        />
        <CopyAction value={created.secret} label="Copy secret" />
      </Group>
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}

type Field = 'name' | 'url' | 'events';

function WebhookForm({ onCreated, onCancel }: { onCreated: (created: WebhookCreated) => void; onCancel: () => void }) {
  const form = useFormFields<Field>({ name: '', url: '', events: '' });
  const [events, setEvents] = useState<WebhookEvent[]>([]);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const create = useCreateWebhook();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const name = form.values.name.trim();
    const url = form.values.url.trim();
    const errors = {
      name: name ? undefined : 'Enter a name.',
      url: /^https?:\/\/\S+$/i.test(url) ? undefined : 'Enter an http:// or https:// URL.',
      events: events.length > 0 ? undefined : 'Choose at least one event.',
    };
    form.setErrors(errors);
    if (errors.name || errors.url || errors.events) return;
    create.mutate(
      { name, url, events },
      {
        onSuccess: (created) => {
          notifications.show({ color: 'green', title: 'Webhook created', message: `${created.name} is subscribed.` });
          onCreated(created);
        },
        onError: (error) => setFormError(form.showServerErrors(error) ? null : error),
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError error={formError} title="The webhook was not created" />
        <TextInput label="Name" withAsterisk maxLength={100} data-autofocus {...form.inputProps('name')} />
        <TextInput
          label="URL"
          description="Where events are POSTed, signed. Loopback and private addresses are refused unless the controller allows them."
          placeholder="https://hooks.example.com/telegraf"
          withAsterisk
          maxLength={2048}
          styles={MONOSPACE}
          {...form.inputProps('url')}
        />
        <Checkbox.Group
          label="Events"
          withAsterisk
          value={events}
          onChange={(value) => {
            setEvents(value as WebhookEvent[]);
            form.setValue('events', value.join(','));
          }}
          error={form.errors.events}
        >
          <Stack gap={6} mt={6}>
            {WEBHOOK_EVENTS.map((event) => (
              <Checkbox key={event} value={event} label={event} description={EVENT_LABELS[event]} />
            ))}
          </Stack>
        </Checkbox.Group>
        <FormActions submitLabel="Create Webhook" pending={create.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
