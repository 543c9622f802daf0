import { Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { assignableRoles, type Role } from '@telegraf-controller/contract/permissions';
import { InviteCreate, type AuthProvider, type IssuedLink } from '@telegraf-controller/contract/users';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { emailProblem, integerProblem, USERNAME_MAX_LENGTH, usernameProblem } from '../../ui/field-checks';
import { FormError } from '../../ui/FormError';
import { IssuedLinkField } from '../../ui/IssuedLinkField';
import { ROLE_DESCRIPTIONS, roleOptions } from '../../ui/roles';
import { schemaNumber } from '../../ui/schema-bounds';
import { useFormFields, type FieldErrors } from '../../ui/use-form-fields';
import { useAuthStatus, useMe } from '../auth/auth.queries';
import { PROVIDER_NAMES } from '../users/provider-names';
import { useCreateInvite } from './invites.queries';
import { FormActions } from '../../ui/FormActions';

type InviteField = 'username' | 'email' | 'role' | 'provider' | 'expiresInHours';

const HOURS = InviteCreate.properties.expiresInHours;
const MIN_HOURS = schemaNumber(HOURS, 'minimum');
const MAX_HOURS = schemaNumber(HOURS, 'maximum');
const DEFAULT_HOURS = String(schemaNumber(HOURS, 'default'));
const EMPTY: Record<InviteField, string> = {
  username: '',
  email: '',
  role: 'viewer',
  provider: 'local',
  expiresInHours: DEFAULT_HOURS,
};

type InviteUserModalProps = { opened: boolean; onClose: () => void };

/** Creates an invite, then shows its link once. Only the owner may invite an Administrator. */
export function InviteUserModal({ opened, onClose }: InviteUserModalProps) {
  const me = useMe();
  const createInvite = useCreateInvite();
  const form = useFormFields<InviteField>(EMPTY);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [issued, setIssued] = useState<{ link: IssuedLink; username: string; provider: AuthProvider } | null>(null);
  const roles = assignableRoles(me.data?.user.role ?? 'viewer');
  const providers = useAuthStatus().data?.providers ?? ['local'];

  const close = () => {
    onClose();
    form.reset(EMPTY);
    setFormError(null);
    setIssued(null);
    createInvite.reset();
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const { username, email, role, provider, expiresInHours } = form.values;
    const errors: FieldErrors<InviteField> = {
      username: usernameProblem(username),
      email: emailProblem(email),
      role: roles.includes(role as Role) ? undefined : 'Choose a role.',
      expiresInHours: integerProblem(expiresInHours, 'Expiration', MIN_HOURS, MAX_HOURS),
    };
    form.setErrors(errors);
    if (Object.values(errors).some(Boolean)) return;

    const body = {
      username: username.trim(),
      email: email.trim(),
      role: role as Role,
      provider: (providers.includes(provider as AuthProvider) ? provider : providers[0]) as AuthProvider,
      expiresInHours: Number(expiresInHours),
    };
    createInvite.mutate(body, {
      onSuccess: (link) => {
        setIssued({ link, username: body.username, provider: body.provider });
        notifications.show({
          color: 'green',
          title: 'Invite created',
          message: `Share the link with ${body.username}.`,
        });
      },
      onError: (error) => setFormError(form.showServerErrors(error) ? null : error),
    });
  };

  return (
    <Modal opened={opened} onClose={close} title={<Text fw={650}>Invite user</Text>} size="lg" centered>
      {issued ? (
        <Stack gap="md">
          <Text size="sm">
            The invite for <b>{issued.username}</b> is ready.{' '}
            {issued.provider === 'local'
              ? 'Whoever opens the link chooses a password and is signed in with the invited role.'
              : `They sign in with ${PROVIDER_NAMES[issued.provider]} using this email, and get the invited role.`}
          </Text>
          <IssuedLinkField link={issued.link} label="Invite link" />
          <Group justify="flex-end">
            <Button onClick={close}>Done</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <FormError error={formError} title="The invite was not created" />
            <TextInput
              label="Username"
              maxLength={USERNAME_MAX_LENGTH}
              data-autofocus
              {...form.inputProps('username')}
            />
            <TextInput label="Email" type="email" {...form.inputProps('email')} />
            <Select
              label="Role"
              data={roleOptions(roles)}
              allowDeselect={false}
              description={ROLE_DESCRIPTIONS[form.values.role as Role]}
              {...form.controlProps('role')}
            />
            {providers.length > 1 && (
              <Select
                label="Authentication provider"
                data={providers.map((value) => ({ value, label: PROVIDER_NAMES[value] }))}
                allowDeselect={false}
                {...form.controlProps('provider')}
              />
            )}
            <NumberInput
              label="Expiration (hours)"
              description={`The link stops working after this many hours (${MIN_HOURS} to ${MAX_HOURS}).`}
              min={MIN_HOURS}
              max={MAX_HOURS}
              allowDecimal={false}
              allowNegative={false}
              {...form.controlProps('expiresInHours')}
            />
            <FormActions submitLabel="Create Invite" pending={createInvite.isPending} onCancel={close} />
          </Stack>
        </form>
      )}
    </Modal>
  );
}
