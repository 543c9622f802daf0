import { Checkbox, Group } from '@mantine/core';
import { ROLES, type Role } from '@telegraf-controller/contract/permissions';
import type { Settings } from '@telegraf-controller/contract/settings';
import { ROLE_LABELS } from '../../ui/roles';
import { SettingsSection } from './SettingsSection';
import { useSettingsForm } from './use-settings-form';

type SectionProps = { settings: Settings; readOnly: boolean };

/** Roles kept in role order, as one form value. */
const asText = (roles: readonly Role[]) => ROLES.filter((role) => roles.includes(role)).join(',');

/** Which roles must sign in locally with a second factor (TOTP). */
export function SecondFactorSection({ settings, readOnly }: SectionProps) {
  const { form, ...section } = useSettingsForm<'secondFactorRoles'>({
    name: 'Two-factor authentication',
    settings,
    valuesOf: (s) => ({ secondFactorRoles: asText(s.secondFactorRoles) }),
    toUpdate: (values) => ({
      secondFactorRoles: values.secondFactorRoles === '' ? [] : (values.secondFactorRoles.split(',') as Role[]),
    }),
  });
  const chosen = form.values.secondFactorRoles === '' ? [] : form.values.secondFactorRoles.split(',');

  return (
    <SettingsSection
      id="second-factor"
      title="Two-Factor Authentication"
      description="Users of these roles must sign in locally with a code from an authenticator app. Whoever has none sets one up at their next sign-in before anything else. Directory and single sign-on users rely on their provider's own second factor."
      section={section}
      readOnly={readOnly}
    >
      <Checkbox.Group
        label="Required for"
        value={chosen}
        onChange={(roles) => form.setValue('secondFactorRoles', asText(roles as Role[]))}
        error={form.errors.secondFactorRoles}
      >
        <Group mt="xs">
          {ROLES.map((role) => (
            <Checkbox key={role} value={role} label={ROLE_LABELS[role]} disabled={readOnly} />
          ))}
        </Group>
      </Checkbox.Group>
    </SettingsSection>
  );
}
