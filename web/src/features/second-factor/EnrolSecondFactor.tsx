import { Button, Code, Group, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import type { SecondFactorEnrolment } from '@telegraf-controller/contract/second-factor';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { useFormFields } from '../../ui/use-form-fields';
import { TOTP_CODE_HINT, typedTotpCode } from './totp-input';
import { QrCode } from './QrCode';
import { RecoveryCodesList } from './RecoveryCodesList';
import { useBeginEnrolment, useConfirmEnrolment } from './second-factor.queries';

/** The seed in groups of four, as people type it into an app. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

/**
 * Enrolling an authenticator app: the password, then the QR code (or the key) and a code from the app, then the
 * recovery codes, shown once. Also replaces a device: the old one works until the new one is confirmed.
 */
export function EnrolSecondFactor({ onDone, onCancel }: { onDone: () => void; onCancel?: () => void }) {
  const begin = useBeginEnrolment();
  const confirm = useConfirmEnrolment();
  const [enrolment, setEnrolment] = useState<SecondFactorEnrolment | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const form = useFormFields<'password' | 'code'>({ password: '', code: '' });

  const start = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.values.password) return form.setErrors({ password: 'Enter your password.' });
    begin.mutate(
      { password: form.values.password },
      {
        onSuccess: setEnrolment,
        onError: (error) => setFormError(form.showServerErrors(error) ? null : error),
      },
    );
  };
  const finish = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const code = typedTotpCode(form.values.code);
    if (code === undefined) return form.setErrors({ code: TOTP_CODE_HINT });
    confirm.mutate(
      { code },
      {
        onSuccess: ({ recoveryCodes }) => setCodes(recoveryCodes),
        onError: (error) => setFormError(form.showServerErrors(error) ? null : error),
      },
    );
  };

  if (codes !== null) return <RecoveryCodesList codes={codes} onDone={onDone} />;
  if (enrolment === null) {
    return (
      <form onSubmit={start} noValidate>
        <Stack gap="md" maw={420}>
          <FormError error={formError} title="Enrolment not started" />
          <PasswordInput
            label="Your password"
            description="Confirms it is you before a new device is added."
            autoComplete="current-password"
            {...form.inputProps('password')}
          />
          <Group>
            <Button type="submit" loading={begin.isPending}>
              Continue
            </Button>
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                Cancel
              </Button>
            )}
          </Group>
        </Stack>
      </form>
    );
  }
  return (
    <form onSubmit={finish} noValidate>
      <Stack gap="md" maw={420}>
        <FormError error={formError} title="Not enrolled" />
        <Text size="sm">
          Scan this code with an authenticator app (any app for time-based one-time passwords), or type the key.
        </Text>
        <QrCode value={enrolment.uri} label="QR code for your authenticator app" />
        <Text size="sm">
          Key: <Code data-testid="second-factor-secret">{grouped(enrolment.secret)}</Code>
        </Text>
        <TextInput
          label="Code from the app"
          inputMode="numeric"
          autoComplete="one-time-code"
          maxLength={7}
          w={180}
          {...form.inputProps('code')}
        />
        <Group>
          <Button type="submit" loading={confirm.isPending}>
            Confirm
          </Button>
          {onCancel && (
            <Button variant="default" onClick={onCancel}>
              Cancel
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
