import { Modal, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ConstantName, ConstantValue, Description, type Constant } from '@telegraf-controller/contract/configs';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { schemaNumber, schemaPattern } from '../../ui/schema-bounds';
import { useLastPresent } from '../../ui/use-last-present';
import { useFormFields } from '../../ui/use-form-fields';
import { ConstantUsageSection } from './ConstantUsage';
import { useCreateConstant, useUpdateConstant } from './constants.queries';
import { FormActions } from '../../ui/FormActions';

const NAME_PATTERN = schemaPattern(ConstantName);
const VALUE_PATTERN = schemaPattern(ConstantValue);
const NAME_MAX_LENGTH = schemaNumber(ConstantName, 'maxLength');
const VALUE_MAX_LENGTH = schemaNumber(ConstantValue, 'maxLength');
const DESCRIPTION_MAX_LENGTH = schemaNumber(Description, 'maxLength');
const MONOSPACE = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

type ConstantFormModalProps = {
  /** null adds a new constant; otherwise this one is edited (its name is fixed). */
  constant: Constant | null;
  opened: boolean;
  onClose: () => void;
};

export function ConstantFormModal({ constant: current, opened, onClose }: ConstantFormModalProps) {
  const constant = useLastPresent(current);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={<Text fw={650}>{constant ? `Constant ${constant.name}` : 'Add Constant'}</Text>}
      size="lg"
      centered
    >
      <ConstantForm key={constant?.name ?? ''} constant={constant} onDone={onClose} />
    </Modal>
  );
}

type Field = 'name' | 'value' | 'description';

function ConstantForm({ constant, onDone }: { constant: Constant | null; onDone: () => void }) {
  const form = useFormFields<Field>({
    name: constant?.name ?? '',
    value: constant?.value ?? '',
    description: constant?.description ?? '',
  });
  const create = useCreateConstant();
  const update = useUpdateConstant();
  const [formError, setFormError] = useState<ApiError | null>(null);
  const pending = create.isPending || update.isPending;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const { name, value } = form.values;
    const description = form.values.description.trim();
    const errors = {
      name:
        constant || NAME_PATTERN.test(name)
          ? undefined
          : 'Start with a letter or underscore; then letters, digits, underscores.',
      value: VALUE_PATTERN.test(value) ? undefined : 'A value cannot hold double quotes or line breaks.',
    };
    form.setErrors(errors);
    if (errors.name || errors.value) return;
    const onError = (error: ApiError) => setFormError(form.showServerErrors(error) ? null : error);
    if (constant) {
      update.mutate(
        { name: constant.name, value, description: description || null },
        {
          onSuccess: () => {
            notifications.show({ color: 'green', title: 'Constant updated', message: `${constant.name} changed.` });
            onDone();
          },
          onError,
        },
      );
      return;
    }
    create.mutate(
      { name, value, ...(description ? { description } : {}) },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Constant added', message: `Refer to it as ::{${name}}.` });
          onDone();
        },
        onError,
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError error={formError} title={constant ? 'The constant was not updated' : 'The constant was not added'} />
        <TextInput
          label="Name"
          description={constant ? 'Names cannot be changed.' : 'Referred to as ::{name}; cannot be changed later.'}
          withAsterisk={!constant}
          readOnly={constant !== null}
          maxLength={NAME_MAX_LENGTH}
          styles={MONOSPACE}
          data-autofocus={constant ? undefined : true}
          {...form.inputProps('name')}
        />
        <TextInput
          label="Value"
          description="Inserted into the TOML as written, e.g. inside a quoted string. No double quotes or line breaks."
          withAsterisk
          maxLength={VALUE_MAX_LENGTH}
          styles={MONOSPACE}
          data-autofocus={constant ? true : undefined}
          {...form.inputProps('value')}
        />
        <Textarea
          label="Description"
          autosize
          minRows={2}
          maxLength={DESCRIPTION_MAX_LENGTH}
          {...form.inputProps('description')}
        />
        {constant && <ConstantUsageSection constant={constant} />}
        <FormActions submitLabel={constant ? 'Update Constant' : 'Add Constant'} pending={pending} onCancel={onDone} />
      </Stack>
    </form>
  );
}
