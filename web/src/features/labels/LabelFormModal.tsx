import { ColorInput, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { LabelColor, LabelDescription, LabelName, type Label } from '@telegraf-controller/contract/labels';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { schemaNumber, schemaPattern } from '../../ui/schema-bounds';
import { useFormFields } from '../../ui/use-form-fields';
import { useLastPresent } from '../../ui/use-last-present';
import { useCreateLabel, useUpdateLabel } from './labels.queries';
import { FormActions } from '../../ui/FormActions';

const NAME_MAX_LENGTH = schemaNumber(LabelName, 'maxLength');
const DESCRIPTION_MAX_LENGTH = schemaNumber(LabelDescription, 'maxLength');
const COLOR_PATTERN = schemaPattern(LabelColor);
const PRESETS = ['#2563eb', '#0891b2', '#059669', '#65a30d', '#ca8a04', '#ea580c', '#dc2626', '#db2777', '#7c3aed'];

type LabelFormModalProps = {
  /** null adds a new label; otherwise this one is edited. */
  label: Label | null;
  opened: boolean;
  onClose: () => void;
};

export function LabelFormModal({ label: current, opened, onClose }: LabelFormModalProps) {
  const label = useLastPresent(current);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={650}>{label ? `Edit label ${label.name}` : 'Add Label'}</Text>}
      centered
    >
      <LabelForm key={label?.id ?? ''} label={label} onDone={onClose} />
    </Modal>
  );
}

type Field = 'name' | 'description' | 'color';

function LabelForm({ label, onDone }: { label: Label | null; onDone: () => void }) {
  const form = useFormFields<Field>({
    name: label?.name ?? '',
    description: label?.description ?? '',
    color: label?.color ?? '',
  });
  const create = useCreateLabel();
  const update = useUpdateLabel();
  const [formError, setFormError] = useState<ApiError | null>(null);
  const pending = create.isPending || update.isPending;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const name = form.values.name.trim();
    const description = form.values.description.trim();
    const color = form.values.color.trim();
    const errors = {
      name: name ? undefined : 'Enter a name.',
      color: !color || COLOR_PATTERN.test(color) ? undefined : 'Enter a colour as # and six hex digits, e.g. #2563eb.',
    };
    form.setErrors(errors);
    if (errors.name || errors.color) return;
    const onError = (error: ApiError) => setFormError(form.showServerErrors(error) ? null : error);
    const body = { name, description: description || null, color: color || null };
    if (label) {
      update.mutate(
        { id: label.id, ...body },
        {
          onSuccess: (saved) => {
            notifications.show({ color: 'green', title: 'Label updated', message: `${saved.name} is saved.` });
            onDone();
          },
          onError,
        },
      );
      return;
    }
    create.mutate(body, {
      onSuccess: (saved) => {
        notifications.show({ color: 'green', title: 'Label added', message: `${saved.name} can now be attached.` });
        onDone();
      },
      onError,
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError error={formError} title={label ? 'The label was not updated' : 'The label was not added'} />
        <TextInput
          label="Name"
          description="Unique, whatever the case, e.g. production or site:berlin."
          withAsterisk
          maxLength={NAME_MAX_LENGTH}
          data-autofocus
          {...form.inputProps('name')}
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxLength={DESCRIPTION_MAX_LENGTH}
          {...form.inputProps('description')}
        />
        <ColorInput
          label="Colour"
          description="Pick a preset or enter a hex colour; left empty, the label is grey."
          placeholder="#2563eb"
          format="hex"
          swatches={PRESETS}
          swatchesPerRow={9}
          {...form.controlProps('color')}
        />
        <FormActions submitLabel={label ? 'Save Label' : 'Add Label'} pending={pending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
