import { Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ConfigName, Description } from '@telegraf-controller/contract/configs';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { schemaNumber } from '../../ui/schema-bounds';
import { useFormFields } from '../../ui/use-form-fields';
import { useCreateConfigGroup } from './config-groups.queries';
import { ConfigPicker, type PickedConfig } from './ConfigPicker';
import { membersInWords } from './member-list';
import { FormActions } from '../../ui/FormActions';

const NAME_MAX_LENGTH = schemaNumber(ConfigName, 'maxLength');
const DESCRIPTION_MAX_LENGTH = schemaNumber(Description, 'maxLength');

type AddConfigGroupModalProps = { opened: boolean; onClose: () => void };

export function AddConfigGroupModal({ opened, onClose }: AddConfigGroupModalProps) {
  return (
    <Modal opened={opened} onClose={onClose} title={<Text fw={650}>Add Config Group</Text>} size="lg" centered>
      {/* Mounted only while open, so every opening starts from an empty form. */}
      {opened && <AddConfigGroupForm onDone={onClose} />}
    </Modal>
  );
}

/** Creates the group and opens it, where the members are put in order and the merged result is shown. */
function AddConfigGroupForm({ onDone }: { onDone: () => void }) {
  const navigate = useNavigate();
  const form = useFormFields<'name' | 'description'>({ name: '', description: '' });
  const [members, setMembers] = useState<PickedConfig[]>([]);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const create = useCreateConfigGroup();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const name = form.values.name.trim();
    const description = form.values.description.trim();
    if (!name) {
      form.setErrors({ name: 'Enter a name.' });
      return;
    }
    create.mutate(
      { name, ...(description ? { description } : {}), configIds: members.map(({ id }) => id) },
      {
        onSuccess: (group) => {
          notifications.show({
            color: 'green',
            title: 'Config group created',
            message: `${group.name} merges ${membersInWords(group.configIds.length)}.`,
          });
          onDone();
          navigate(`/config-groups/${group.id}`);
        },
        onError: (error) => setFormError(form.showServerErrors(error) ? null : error),
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError error={formError} title="The config group was not created" />
        <TextInput label="Name" withAsterisk maxLength={NAME_MAX_LENGTH} data-autofocus {...form.inputProps('name')} />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxLength={DESCRIPTION_MAX_LENGTH}
          {...form.inputProps('description')}
        />
        <ConfigPicker
          label="Configurations"
          description="Optional. Merged in the order picked; the order can be changed on the group's page."
          value={members}
          onChange={setMembers}
        />
        <FormActions submitLabel="Create Config Group" pending={create.isPending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
