import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { useFormFields, type FieldErrors } from '../../ui/use-form-fields';
import { useLogin } from './auth.queries';
import { AuthCard } from './AuthCard';

type LoginField = 'username' | 'password';

export function LoginPage() {
  const navigate = useNavigate();
  const login = useLogin();
  const [formError, setFormError] = useState<ApiError | null>(null);
  const form = useFormFields<LoginField>({ username: '', password: '' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const errors: FieldErrors<LoginField> = {};
    if (!form.values.username.trim()) errors.username = 'Enter your username.';
    if (!form.values.password) errors.password = 'Enter your password.';
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;

    login.mutate(
      { username: form.values.username.trim(), password: form.values.password },
      {
        onSuccess: () => navigate('/', { replace: true }),
        onError: (error) => {
          form.showServerErrors(error);
          setFormError(error);
        },
      },
    );
  };

  return (
    <AuthCard title="Sign in" description="Use your Telegraf Controller account.">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError error={formError} title="Sign-in failed" />
          <TextInput label="Username" autoComplete="username" autoFocus {...form.inputProps('username')} />
          <PasswordInput label="Password" autoComplete="current-password" {...form.inputProps('password')} />
          <Button type="submit" fullWidth mt="xs" loading={login.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
