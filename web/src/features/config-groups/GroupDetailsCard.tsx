import { Button, Card, Group, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  ConfigName,
  Description,
  type ConfigGroup,
  type ConfigGroupUpdate,
} from '@telegraf-controller/contract/configs';
import { IconDeviceFloppy } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { schemaNumber } from '../../ui/schema-bounds';
import { useFormFields } from '../../ui/use-form-fields';
import { useUpdateConfigGroup } from './config-groups.queries';

const NAME_MAX_LENGTH = schemaNumber(ConfigName, 'maxLength');
const DESCRIPTION_MAX_LENGTH = schemaNumber(Description, 'maxLength');

type GroupDetailsCardProps = { group: ConfigGroup; canWrite: boolean };

/** Name and description; the owner remounts it when they change on the server. */
export function GroupDetailsCard({ group, canWrite }: GroupDetailsCardProps) {
  const initial = { name: group.name, description: group.description ?? '' };
  const form = useFormFields<'name' | 'description'>(initial);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const update = useUpdateConfigGroup(group.id);
  const name = form.values.name.trim();
  const description = form.values.description.trim();
  const dirty = name !== initial.name || description !== initial.description;

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!name) {
      form.setErrors({ name: 'Enter a name.' });
      return;
    }
    const body: ConfigGroupUpdate = {};
    if (name !== initial.name) body.name = name;
    if (description !== initial.description) body.description = description || null;
    // A save remounts this card, so the outcome is read from the promise rather than per-call callbacks.
    update.mutateAsync(body).then(
      () =>
        notifications.show({ color: 'green', title: 'Config group saved', message: 'Name and description updated.' }),
      (error: ApiError) => setFormError(form.showServerErrors(error) ? null : error),
    );
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="group-details-heading">
      <Title order={2} fz="h4" id="group-details-heading" mb="sm">
        Details
      </Title>
      <form onSubmit={save} noValidate>
        <Stack gap="sm">
          <FormError error={formError} title="The config group was not saved" />
          <TextInput
            label="Name"
            withAsterisk={canWrite}
            maxLength={NAME_MAX_LENGTH}
            readOnly={!canWrite}
            {...form.inputProps('name')}
          />
          <Textarea
            label="Description"
            autosize
            minRows={2}
            maxRows={6}
            maxLength={DESCRIPTION_MAX_LENGTH}
            readOnly={!canWrite}
            {...form.inputProps('description')}
          />
          {canWrite && (
            <Group justify="flex-end" gap="xs">
              <Button variant="default" disabled={!dirty || update.isPending} onClick={() => form.reset(initial)}>
                Discard
              </Button>
              <Button
                type="submit"
                leftSection={<IconDeviceFloppy size={16} aria-hidden />}
                disabled={!dirty}
                loading={update.isPending}
              >
                Save Details
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
