import { Button, Group, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { ALIAS_MAX_LENGTH, aliasProblem } from '../../ui/field-checks';
import { useFormFields } from '../../ui/use-form-fields';
import type { ConfigSource } from '../configs/configs.queries';
import { useAddAlias } from './aliases.queries';

/** Adds an alias; a taken one gets the server's answer under the field. */
export function AliasAddForm({ source, id }: { source: ConfigSource; id: string }) {
  const form = useFormFields<'alias'>({ alias: '' });
  const add = useAddAlias(source, id);
  const [formError, setFormError] = useState<ApiError | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const alias = form.values.alias.trim();
    const problem = aliasProblem(alias);
    form.setErrors({ alias: problem });
    if (problem) return;
    add.mutate(alias, {
      onSuccess: () => {
        notifications.show({ color: 'green', title: 'Alias added', message: `Agents can now load /c/${alias}.` });
        form.reset({ alias: '' });
      },
      onError: (error) => setFormError(form.showServerErrors(error) ? null : error),
    });
  };

  return (
    <form onSubmit={submit} noValidate aria-label="Add an alias">
      <FormError error={formError} title="The alias was not added" />
      <TextInput
        label="New alias"
        placeholder="e.g. linux-edge"
        description="Lower-case letters, digits and hyphens; agents then load /c/{alias}."
        maxLength={ALIAS_MAX_LENGTH}
        mt={formError ? 'sm' : 0}
        styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
        inputContainer={(input) => (
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <div style={{ width: 320 }}>{input}</div>
            <Button type="submit" leftSection={<IconPlus size={16} aria-hidden />} loading={add.isPending}>
              Add Alias
            </Button>
          </Group>
        )}
        {...form.inputProps('alias')}
      />
    </form>
  );
}
