import { Button, Card, Group, PasswordInput, Stack, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { PasswordComplexity } from '@telegraf-controller/contract/auth';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { newPasswordProblems, passwordRulesText } from '../../ui/password-rules';
import { useFormFields } from '../../ui/use-form-fields';
import { useChangePassword } from './account.queries';

type PasswordField = 'currentPassword' | 'newPassword' | 'confirmPassword';

const EMPTY: Record<PasswordField, string> = { currentPassword: '', newPassword: '', confirmPassword: '' };

/** `level` is known only to roles that may read the settings; without it the server alone judges. */
export function ChangePasswordForm({ level }: { level: PasswordComplexity | undefined }) {
  const change = useChangePassword();
  const form = useFormFields<PasswordField>(EMPTY);
  const [formError, setFormError] = useState<ApiError | null>(null);

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const { currentPassword, newPassword, confirmPassword } = form.values;
    const problems = newPasswordProblems(newPassword, confirmPassword, level);
    const errors = {
      currentPassword: currentPassword ? undefined : 'Enter your current password.',
      newPassword: problems.password,
      confirmPassword: problems.confirmation,
    };
    form.setErrors(errors);
    if (Object.values(errors).some(Boolean)) return;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          form.reset(EMPTY);
          notifications.show({ color: 'green', title: 'Password changed', message: 'Use the new password next time.' });
        },
        onError: (error) => setFormError(form.showServerErrors(error) ? null : error),
      },
    );
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="password-heading">
      <Title order={2} fz="h4" id="password-heading" mb="md">
        Change password
      </Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="md" maw={480}>
          <FormError error={formError} title="Your password was not changed" />
          <PasswordInput
            label="Current password"
            autoComplete="current-password"
            {...form.inputProps('currentPassword')}
          />
          <PasswordInput
            label="New password"
            description={level ? passwordRulesText(level) : undefined}
            autoComplete="new-password"
            {...form.inputProps('newPassword')}
          />
          <PasswordInput
            label="Confirm new password"
            autoComplete="new-password"
            {...form.inputProps('confirmPassword')}
          />
          <Group>
            <Button type="submit" loading={change.isPending}>
              Change password
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
