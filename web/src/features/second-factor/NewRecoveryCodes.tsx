import { Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { useFormFields } from '../../ui/use-form-fields';
import { RecoveryCodesList } from './RecoveryCodesList';
import { useNewRecoveryCodes } from './second-factor.queries';
import { TOTP_CODE_HINT, typedTotpCode } from './totp-input';

/** New recovery codes for a code from the app; they void the old ones and are shown once. */
export function NewRecoveryCodes({ onDone }: { onDone: () => void }) {
  const renew = useNewRecoveryCodes();
  const [codes, setCodes] = useState<string[] | null>(null);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const form = useFormFields<'code'>({ code: '' });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const code = typedTotpCode(form.values.code);
    if (code === undefined) return form.setErrors({ code: TOTP_CODE_HINT });
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
