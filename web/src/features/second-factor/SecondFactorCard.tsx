import { Badge, Button, Card, Group, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { formatDateTime } from '../../ui/format';
import { FormError } from '../../ui/FormError';
import { QueryError } from '../../ui/QueryError';
import { useFormFields } from '../../ui/use-form-fields';
import { EnrolSecondFactor } from './EnrolSecondFactor';
import { RecoveryCodesList } from './RecoveryCodesList';
import { useNewRecoveryCodes, useRemoveSecondFactor, useSecondFactor } from './second-factor.queries';

type Mode = 'idle' | 'enrol' | 'codes' | 'remove';

/** Your second factor on the Account page: set it up, replace the device, new recovery codes, remove it. */
export function SecondFactorCard() {
  const status = useSecondFactor();
  const [mode, setMode] = useState<Mode>('idle');

  const body = () => {
    if (status.error) {
      return <QueryError error={status.error} what="your second factor" onRetry={() => void status.refetch()} />;
    }
    if (!status.data) return null;
    const { available, enrolled, required, enrolledAt, recoveryCodesLeft } = status.data;
    if (!available) {
      return (
        <Text size="sm" c="dimmed">
          You sign in through your company directory or identity provider; its own second factor applies.
        </Text>
      );
    }
    if (mode === 'enrol') return <EnrolSecondFactor onDone={() => setMode('idle')} onCancel={() => setMode('idle')} />;
    if (mode === 'codes') return <NewRecoveryCodes onDone={() => setMode('idle')} />;
    if (mode === 'remove') return <RemoveSecondFactor onDone={() => setMode('idle')} />;
    return (
      <Stack gap="sm">
        <Group gap="xs">
          <Badge color={enrolled ? 'green' : required ? 'red' : 'gray'} variant="light">
            {enrolled ? 'On' : 'Off'}
          </Badge>
          {required && (
            <Text size="sm" c="dimmed">
              Your role requires it.
            </Text>
          )}
        </Group>
        <Text size="sm">
          {enrolled
            ? `Signing in asks for a code from your authenticator app (set up ${formatDateTime(enrolledAt!)}). ${recoveryCodesLeft} recovery code${recoveryCodesLeft === 1 ? '' : 's'} left.`
            : 'Signing in asks for your password only. Add a code from an authenticator app on your phone.'}
        </Text>
        <Group>
          <Button variant={enrolled ? 'default' : 'filled'} onClick={() => setMode('enrol')}>
            {enrolled ? 'Replace device' : 'Set up authenticator app'}
          </Button>
          {enrolled && (
            <Button variant="default" onClick={() => setMode('codes')}>
              New recovery codes
            </Button>
          )}
          {enrolled && !required && (
            <Button variant="light" color="red" onClick={() => setMode('remove')}>
              Remove
            </Button>
          )}
        </Group>
      </Stack>
    );
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="second-factor-heading">
      <Title order={2} fz="h4" id="second-factor-heading" mb="md">
        Two-factor authentication
      </Title>
      {body()}
    </Card>
  );
}

function NewRecoveryCodes({ onDone }: { onDone: () => void }) {
  const renew = useNewRecoveryCodes();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const form = useFormFields<'code'>({ code: '' });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const code = form.values.code.replace(/\s/g, '');
    if (!/^[0-9]{6}$/.test(code)) return form.setErrors({ code: 'Enter the six digits your app shows.' });
    renew.mutate(
      { code },
      {
        onSuccess: ({ recoveryCodes }) => setCodes(recoveryCodes),
        onError: (error) => setFormError(form.showServerErrors(error) ? null : error),
      },
    );
  };
  if (codes !== null) return <RecoveryCodesList codes={codes} onDone={onDone} />;
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md" maw={420}>
        <FormError error={formError} title="No new codes" />
        <Text size="sm">New codes void the ones you have.</Text>
        <TextInput
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          w={180}
          {...form.inputProps('code')}
        />
        <Group>
          <Button type="submit" loading={renew.isPending}>
            Make new codes
          </Button>
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function RemoveSecondFactor({ onDone }: { onDone: () => void }) {
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
