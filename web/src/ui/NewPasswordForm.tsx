import { Button, PasswordInput, Stack } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api';
import { FormError } from './FormError';
import { newPasswordProblems } from './password-rules';
import { useFormFields } from './use-form-fields';

type NewPasswordFormProps = {
  submitLabel: string;
  /** Sends the password; a rejected ApiError is shown next to the field (pointer `/password`) or above the form. */
  onSubmit: (password: string) => Promise<unknown>;
  /** Read-only fields shown above the password, e.g. the username the password is for. */
  children?: ReactNode;
};

/**
 * A new password and its confirmation, for the public link pages (invite, password reset). These pages cannot read
 * the complexity level, so the server judges the password and its message lands next to the field.
 */
export function NewPasswordForm({ submitLabel, onSubmit, children }: NewPasswordFormProps) {
  const form = useFormFields<'password' | 'confirmPassword'>({ password: '', confirmPassword: '' });
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [pending, setPending] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const problems = newPasswordProblems(form.values.password, form.values.confirmPassword, undefined);
    form.setErrors({ password: problems.password, confirmPassword: problems.confirmation });
    if (problems.password || problems.confirmation) return;
    setPending(true);
    try {
      await onSubmit(form.values.password);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      setFormError(form.showServerErrors(error) ? null : error);
    } finally {
      setPending(false);
    }
  };

  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <Stack gap="md">
        <FormError error={formError} title="The password was not set" />
        {children}
        <PasswordInput label="Password" autoComplete="new-password" autoFocus {...form.inputProps('password')} />
        <PasswordInput label="Confirm password" autoComplete="new-password" {...form.inputProps('confirmPassword')} />
        <Button type="submit" fullWidth mt="xs" loading={pending}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
