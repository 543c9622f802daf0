import { Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { formatWait } from '../../ui/format';
import { useFormFields, type FieldErrors } from '../../ui/use-form-fields';
import { useAuthStatus, useLogin } from './auth.queries';
import { AuthCard } from './AuthCard';
import { safeNextPath } from './next-path';

type LoginField = 'username' | 'password';

const FAILURE_TITLES: Record<string, string> = {
  account_locked: 'Account locked',
  account_disabled: 'Account disabled',
  rate_limited: 'Too many attempts',
};

export function LoginPage() {
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const status = useAuthStatus();
  const login = useLogin();
  const [formError, setFormError] = useState<ApiError | null>(null);
  const form = useFormFields<LoginField>({ username: '', password: '' });

  if (status.data?.setupRequired) return <Navigate to="/setup" replace />;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const errors: FieldErrors<LoginField> = {};
    if (!form.values.username.trim()) errors.username = 'Enter your username or email.';
    if (!form.values.password) errors.password = 'Enter your password.';
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;

    login.mutate(
      { username: form.values.username.trim(), password: form.values.password },
      {
        onSuccess: () => navigate(safeNextPath(searchParams.get('next')), { replace: true }),
        onError: (error) => {
          form.showServerErrors(error);
          setFormError(error);
        },
      },
    );
  };

  const retryAfter = formError?.problem.retryAfter;

  return (
    <AuthCard title="Sign in" description="Use your Telegraf Controller account.">
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError error={formError} title={FAILURE_TITLES[formError?.code ?? ''] ?? 'Sign-in failed'}>
            {retryAfter !== undefined && retryAfter > 0 && (
              <Text size="sm" mt={4}>
                You can try again in {formatWait(retryAfter)}.
              </Text>
            )}
          </FormError>
          <TextInput
            label="Username"
            placeholder="Username or email"
            autoComplete="username"
            autoFocus
            {...form.inputProps('username')}
          />
          <PasswordInput label="Password" autoComplete="current-password" {...form.inputProps('password')} />
          <Button type="submit" fullWidth mt="xs" loading={login.isPending}>
            Sign in
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
