import { Button, Group, Modal, NumberInput, Stack, Text } from '@mantine/core';
import { PasswordResetCreate, type IssuedLink, type User } from '@telegraf-controller/contract/users';
import { IconKey } from '@tabler/icons-react';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { integerProblem } from '../../ui/field-checks';
import { FormError } from '../../ui/FormError';
import { IssuedLinkField } from '../../ui/IssuedLinkField';
import { ManageRow } from '../../ui/ManageRow';
import { schemaNumber } from '../../ui/schema-bounds';
import { useFormFields } from '../../ui/use-form-fields';
import { useCreatePasswordReset } from './users.queries';
import { FormActions } from '../../ui/FormActions';

const HOURS = PasswordResetCreate.properties.expiresInHours;
const MIN_HOURS = schemaNumber(HOURS, 'minimum');
const MAX_HOURS = schemaNumber(HOURS, 'maximum');
const DEFAULT_HOURS = String(schemaNumber(HOURS, 'default'));

/** Issues a one-time link with which the user sets a new password; the link is shown once. */
export function ResetPasswordAction({ user }: { user: User }) {
  const [opened, setOpened] = useState(false);
  const [link, setLink] = useState<IssuedLink | null>(null);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const form = useFormFields<'expiresInHours'>({ expiresInHours: DEFAULT_HOURS });
  const create = useCreatePasswordReset(user.id);

  const close = () => {
    setOpened(false);
    setLink(null);
    setFormError(null);
    form.reset({ expiresInHours: DEFAULT_HOURS });
    create.reset();
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const problem = integerProblem(form.values.expiresInHours, 'Expiration', MIN_HOURS, MAX_HOURS);
    form.setErrors({ expiresInHours: problem });
    if (problem) return;
    create.mutate(
      { expiresInHours: Number(form.values.expiresInHours) },
      {
        onSuccess: (issued) => {
          setLink(issued);
          notifications.show({
            color: 'green',
            title: 'Reset link created',
            message: `Share it with ${user.username}.`,
          });
        },
        onError: (error) => setFormError(form.showServerErrors(error) ? null : error),
      },
    );
  };

  return (
    <ManageRow
      title="Password reset"
      description="A one-time link with which the user sets a new password. It also clears a lockout."
    >
      <Button variant="default" leftSection={<IconKey size={16} aria-hidden />} onClick={() => setOpened(true)}>
        Reset Password
      </Button>
      <Modal opened={opened} onClose={close} title={<Text fw={650}>Reset password</Text>} size="lg" centered>
        {link ? (
          <Stack gap="md">
            <Text size="sm">
              Whoever opens this link can set a new password for <b>{user.username}</b>. Their current password keeps
              working until then.
            </Text>
            <IssuedLinkField link={link} label="Password-reset link" />
            <Group justify="flex-end">
              <Button onClick={close}>Done</Button>
            </Group>
          </Stack>
        ) : (
          <form onSubmit={submit} noValidate>
            <Stack gap="md">
              <FormError error={formError} title="The link was not created" />
              <NumberInput
                label="Expiration (hours)"
                description={`The link stops working after this many hours (${MIN_HOURS} to ${MAX_HOURS}).`}
                min={MIN_HOURS}
                max={MAX_HOURS}
                allowDecimal={false}
                allowNegative={false}
                data-autofocus
                {...form.controlProps('expiresInHours')}
              />
              <FormActions submitLabel="Generate Link" pending={create.isPending} onCancel={close} />
            </Stack>
          </form>
        )}
      </Modal>
    </ManageRow>
  );
}
