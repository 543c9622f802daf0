import { Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { useFormFields, type FieldErrors } from '../../ui/use-form-fields';
import { useSetupOwner } from './auth.queries';
import { AuthCard } from './AuthCard';

const USERNAME_MIN = 3;
const USERNAME_MAX = 50;
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+$/;

type SetupField = 'username' | 'email' | 'password' | 'confirmPassword';

function checkSetupForm(values: Record<SetupField, string>): FieldErrors<SetupField> {
  const errors: FieldErrors<SetupField> = {};
  const username = values.username.trim();
  if (username.length < USERNAME_MIN || username.length > USERNAME_MAX) {
    errors.username = `Username must be ${USERNAME_MIN} to ${USERNAME_MAX} characters.`;
  }
  if (!EMAIL_PATTERN.test(values.email.trim())) errors.email = 'Enter a valid email address.';
  if (!values.password) errors.password = 'Enter a password.';
  if (values.confirmPassword !== values.password) errors.confirmPassword = 'Passwords do not match.';
  return errors;
}

export function SetupPage() {
  const navigate = useNavigate();
  const setupOwner = useSetupOwner();
  const [formError, setFormError] = useState<ApiError | null>(null);
  const form = useFormFields<SetupField>({ username: '', email: '', password: '', confirmPassword: '' });

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const errors = checkSetupForm(form.values);
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;

    const { username, email, password } = form.values;
    setupOwner.mutate(
      { username: username.trim(), email: email.trim(), password },
      {
        onSuccess: () => {
          notifications.show({ color: 'green', title: 'Owner account created', message: 'Sign in to continue.' });
          navigate('/login', { replace: true });
        },
        onError: (error) => setFormError(form.showServerErrors(error) ? null : error),
      },
    );
  };

  return (
    <AuthCard
      title="Create the owner account"
      description="The owner has every permission and manages the other users. This page is shown once, before any account exists."
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <FormError error={formError} title="The account was not created">
            {formError?.code === 'owner_exists' && (
              <>
                {' '}
                <Anchor component={Link} to="/login" size="sm">
                  Go to sign in
                </Anchor>
              </>
            )}
          </FormError>
          <TextInput
            label="Username"
            autoComplete="username"
            maxLength={USERNAME_MAX}
            autoFocus
            {...form.inputProps('username')}
          />
          <TextInput label="Email" type="email" autoComplete="email" {...form.inputProps('email')} />
          <PasswordInput label="Password" autoComplete="new-password" {...form.inputProps('password')} />
          <PasswordInput label="Confirm password" autoComplete="new-password" {...form.inputProps('confirmPassword')} />
          <Button type="submit" fullWidth mt="xs" loading={setupOwner.isPending}>
            Create Account
          </Button>
        </Stack>
      </form>
    </AuthCard>
  );
}
