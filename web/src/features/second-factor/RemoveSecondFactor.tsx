import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { useFormFields } from '../../ui/use-form-fields';
import { useRemoveSecondFactor } from './second-factor.queries';

/** Removes your own second factor, with your password (not offered when your role requires one). */
export function RemoveSecondFactor({ onDone }: { onDone: () => void }) {
  const remove = useRemoveSecondFactor();
  const [formError, setFormError] = useState<ApiError | null>(null);
  const form = useFormFields<'password'>({ password: '' });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.values.password) return form.setErrors({ password: 'Enter your password.' });
    remove.mutate(
      { password: form.values.password },
      {
        onSuccess: () => {
          notifications.show({
            color: 'green',
            title: 'Second factor removed',
            message: 'Sign-in asks for your password only.',
          });
          onDone();
        },
        onError: (error) => setFormError(form.showServerErrors(error) ? null : error),
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={420}>
        <FormError error={formError} title="Not removed" />
        <PasswordInput label="Your password" autoComplete="current-password" {...form.inputProps('password')} />
        <Group>
          <Button type="submit" color="red" loading={remove.isPending}>
            Remove second factor
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
