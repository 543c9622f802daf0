import { Anchor, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router';
import type { ApiError } from '../../api';
import { emailProblem, USERNAME_MAX_LENGTH, usernameProblem } from '../../ui/field-checks';
import { FormError } from '../../ui/FormError';
import { useFormFields, type FieldErrors } from '../../ui/use-form-fields';
import { PageLoader } from '../../ui/PageLoader';
import { useAuthStatus, useSetupOwner } from './auth.queries';
import { AuthCard } from './AuthCard';

type SetupField = 'username' | 'email' | 'password' | 'confirmPassword';

function checkSetupForm(values: Record<SetupField, string>): FieldErrors<SetupField> {
  const errors: FieldErrors<SetupField> = {};
  const username = usernameProblem(values.username);
  if (username) errors.username = username;
  const email = emailProblem(values.email);
  if (email) errors.email = email;
  if (!values.password) errors.password = 'Enter a password.';
  if (values.confirmPassword !== values.password) errors.confirmPassword = 'Passwords do not match.';
  return errors;
}

export function SetupPage() {
  const navigate = useNavigate();
  const status = useAuthStatus();
  const setupOwner = useSetupOwner();
  const [formError, setFormError] = useState<ApiError | null>(null);
  const form = useFormFields<SetupField>({ username: '', email: '', password: '', confirmPassword: '' });

  // Once the owner exists this page has nothing to do; while the answer is pending, show nothing to type into.
  if (status.isPending) return <PageLoader fullScreen />;
  if (status.data?.setupRequired === false && !setupOwner.isSuccess) return <Navigate to="/login" replace />;

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
        onSuccess: (me) => {
          if (me) {
            notifications.show({
              color: 'green',
              title: 'Owner account created',
              message: `Signed in as ${me.user.username}.`,
            });
            navigate('/', { replace: true });
          } else {
            notifications.show({ color: 'green', title: 'Owner account created', message: 'Sign in to continue.' });
            navigate('/login', { replace: true });
          }
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
            maxLength={USERNAME_MAX_LENGTH}
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
