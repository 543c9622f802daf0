import { Alert, Button, Divider, PasswordInput, SegmentedControl, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { formatWait } from '../../ui/format';
import { useFormFields, type FieldErrors } from '../../ui/use-form-fields';
import { useAuthStatus, useLogin, type PasswordProvider } from './auth.queries';
import { AuthCard } from './AuthCard';
import { safeNextPath } from './next-path';

type LoginField = 'username' | 'password' | 'code';

const FAILURE_TITLES: Record<string, string> = {
  account_locked: 'Account locked',
  account_disabled: 'Account disabled',
  rate_limited: 'Too many attempts',
  directory_unavailable: 'Directory unavailable',
  sign_in_refused: 'Sign-in refused',
  provider_disabled: 'Sign-in method turned off',
  invalid_second_factor: 'Wrong code',
  second_factor_unreadable: 'Second factor unavailable',
};

const PROVIDER_LABELS: Record<PasswordProvider, string> = { local: 'Local account', ldap: 'Directory (LDAP)' };

/** What the single sign-on callback reports in `?sso_error=` (a code: the page never shows text from the URL). */
const SSO_ERRORS: Record<string, string> = {
  refused:
    'Single sign-on was refused: it was not started here, took too long, or your account may not sign in (not invited, no group with a role, or disabled). Ask an administrator if it happens again.',
  disabled: 'Single sign-on was refused: this account is disabled.',
  unavailable: 'Single sign-on is unavailable: the identity provider cannot be reached right now.',
  disabled_provider: 'Single sign-on is not enabled.',
};

export function LoginPage() {
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const status = useAuthStatus();
  const login = useLogin();
  const [formError, setFormError] = useState<ApiError | null>(null);
  const form = useFormFields<LoginField>({ username: '', password: '', code: '' });
  // The account has a second factor: the server said so after the right password.
  const [codeAsked, setCodeAsked] = useState(false);
  const providers = status.data?.providers ?? ['local'];
  const ssoError = SSO_ERRORS[searchParams.get('sso_error') ?? ''];
  const offered = providers.filter((provider): provider is PasswordProvider => provider in PROVIDER_LABELS);
  const [chosen, setChosen] = useState<PasswordProvider | null>(null);
  const provider = chosen !== null && offered.includes(chosen) ? chosen : (offered[0] ?? 'local');

  if (status.data?.setupRequired) return <Navigate to="/setup" replace />;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const errors: FieldErrors<LoginField> = {};
    if (!form.values.username.trim()) errors.username = 'Enter your username or email.';
    if (!form.values.password) errors.password = 'Enter your password.';
    if (codeAsked && !form.values.code.trim()) errors.code = 'Enter the code from your app, or a recovery code.';
    form.setErrors(errors);
    if (Object.keys(errors).length > 0) return;

    login.mutate(
      {
        provider,
        username: form.values.username.trim(),
        password: form.values.password,
        ...(codeAsked ? { code: form.values.code.trim() } : {}),
      },
      {
        onSuccess: () => navigate(safeNextPath(searchParams.get('next')), { replace: true }),
        onError: (error) => {
          if (error.code === 'second_factor_required') return setCodeAsked(true);
          form.showServerErrors(error);
          setFormError(error);
        },
      },
    );
  };

  const retryAfter = formError?.problem.retryAfter;

  return (
    <AuthCard
      title="Sign in"
      description={
        provider === 'ldap' ? 'Use your company directory account.' : 'Use your Telegraf Controller account.'
      }
    >
      {ssoError && (
        <Alert color="red" variant="light" role="alert" mb="md">
          {ssoError}
        </Alert>
      )}
      {providers.includes('oidc') && (
        <>
          <Button component="a" href="/api/auth/oidc/login" variant="default" fullWidth>
            Sign in with {status.data?.oidcDisplayName ?? 'SSO'}
          </Button>
          {offered.length > 0 && <Divider my="md" label="or" labelPosition="center" />}
        </>
      )}
      {offered.length > 0 && (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormError error={formError} title={FAILURE_TITLES[formError?.code ?? ''] ?? 'Sign-in failed'}>
              {retryAfter !== undefined && retryAfter > 0 && (
                <Text size="sm" mt={4}>
                  You can try again in {formatWait(retryAfter)}.
                </Text>
              )}
            </FormError>
            {offered.length > 1 && (
              <SegmentedControl
                aria-label="Sign in with"
                fullWidth
                value={provider}
                onChange={(value) => {
                  setChosen(value as PasswordProvider);
                  setCodeAsked(false);
                }}
                data={offered.map((value) => ({ value, label: PROVIDER_LABELS[value] }))}
              />
            )}
            <TextInput
              label="Username"
              placeholder={provider === 'ldap' ? 'Your directory username' : 'Username or email'}
              autoComplete="username"
              autoFocus
              {...form.inputProps('username')}
            />
            <PasswordInput label="Password" autoComplete="current-password" {...form.inputProps('password')} />
            {codeAsked && (
              <TextInput
                label="Authentication code"
                description="The six digits your authenticator app shows, or one of your recovery codes."
                autoComplete="one-time-code"
                autoFocus
                {...form.inputProps('code')}
              />
            )}
            <Button type="submit" fullWidth mt="xs" loading={login.isPending}>
              Sign in
            </Button>
          </Stack>
        </form>
      )}
    </AuthCard>
  );
}
