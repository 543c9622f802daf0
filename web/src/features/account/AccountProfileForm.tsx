import { Button, Card, Group, Stack, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AccountUpdate, User } from '@telegraf-controller/contract/users';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { DISPLAY_NAME_MAX_LENGTH, emailProblem, USERNAME_MAX_LENGTH, usernameProblem } from '../../ui/field-checks';
import { FormError } from '../../ui/FormError';
import { useFormFields, type FieldErrors } from '../../ui/use-form-fields';
import { useUpdateAccount } from './account.queries';

type ProfileField = 'username' | 'email' | 'displayName';

const valuesOf = (user: User): Record<ProfileField, string> => ({
  username: user.username,
  email: user.email,
  displayName: user.displayName ?? '',
});

/** Only what changed is sent; a blank display name clears it. */
function changesOf(user: User, values: Record<ProfileField, string>): AccountUpdate {
  const changes: AccountUpdate = {};
  if (values.username.trim() !== user.username) changes.username = values.username.trim();
  if (values.email.trim() !== user.email) changes.email = values.email.trim();
  const displayName = values.displayName.trim() || null;
  if (displayName !== user.displayName) changes.displayName = displayName;
  return changes;
}

export function AccountProfileForm({ user }: { user: User }) {
  const update = useUpdateAccount();
  const form = useFormFields<ProfileField>(valuesOf(user));
  const [formError, setFormError] = useState<ApiError | null>(null);
  const changes = changesOf(user, form.values);
  const dirty = Object.keys(changes).length > 0;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const errors: FieldErrors<ProfileField> = {
      username: 'username' in changes ? usernameProblem(form.values.username) : undefined,
      email: 'email' in changes ? emailProblem(form.values.email) : undefined,
    };
    form.setErrors(errors);
    if (Object.values(errors).some(Boolean) || !dirty) return;
    update.mutate(changes, {
      onSuccess: (updated) => {
        form.reset(valuesOf(updated));
        notifications.show({ color: 'green', title: 'Profile saved', message: 'Your account details were updated.' });
      },
      onError: (error) => setFormError(form.showServerErrors(error) ? null : error),
    });
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="profile-heading">
      <Title order={2} fz="h4" id="profile-heading" mb="md">
        Profile
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={480}>
          <FormError error={formError} title="Your profile was not saved" />
          <TextInput
            label="Username"
            autoComplete="username"
            maxLength={USERNAME_MAX_LENGTH}
            {...form.inputProps('username')}
          />
          <TextInput label="Email" type="email" autoComplete="email" {...form.inputProps('email')} />
          <TextInput
            label="Display name"
            description="Optional; leave blank for none."
            autoComplete="name"
            maxLength={DISPLAY_NAME_MAX_LENGTH}
            {...form.inputProps('displayName')}
          />
          <Group>
            <Button type="submit" loading={update.isPending} disabled={!dirty}>
              Save profile
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
