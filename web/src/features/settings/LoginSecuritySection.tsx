import { NumberInput } from '@mantine/core';
import { Settings } from '@telegraf-controller/contract/settings';
import { integerProblem } from '../../ui/field-checks';
import { schemaNumber } from '../../ui/schema-bounds';
import { SettingsSection } from './SettingsSection';
import { useSettingsForm } from './use-settings-form';

type LockoutField = 'loginLockoutAttempts' | 'loginLockoutMinutes';

const BOUNDS: Record<LockoutField, { label: string; min: number; max: number }> = {
  loginLockoutAttempts: {
    label: 'Login attempts before lockout',
    min: schemaNumber(Settings.properties.loginLockoutAttempts, 'minimum'),
    max: schemaNumber(Settings.properties.loginLockoutAttempts, 'maximum'),
  },
  loginLockoutMinutes: {
    label: 'Lockout duration (minutes)',
    min: schemaNumber(Settings.properties.loginLockoutMinutes, 'minimum'),
    max: schemaNumber(Settings.properties.loginLockoutMinutes, 'maximum'),
  },
};
const FIELDS = Object.keys(BOUNDS) as LockoutField[];

type SectionProps = { settings: Settings; readOnly: boolean };

/** How many failed local sign-ins lock an account, and for how long. */
export function LoginSecuritySection({ settings, readOnly }: SectionProps) {
  const { form, ...section } = useSettingsForm<LockoutField>({
    name: 'Login security',
    settings,
    valuesOf: (s) => ({
      loginLockoutAttempts: String(s.loginLockoutAttempts),
      loginLockoutMinutes: String(s.loginLockoutMinutes),
    }),
    toUpdate: (values) => ({
      loginLockoutAttempts: Number(values.loginLockoutAttempts),
      loginLockoutMinutes: Number(values.loginLockoutMinutes),
    }),
    check: (values) =>
      Object.fromEntries(
        FIELDS.map((field) => {
          const { label, min, max } = BOUNDS[field];
          return [field, integerProblem(values[field], label, min, max)];
        }),
      ),
  });

  return (
    <SettingsSection
      id="login-security"
      title="Login Security"
      description="After this many failed sign-ins in a row, an account is locked for the given time. An owner or administrator can also unlock it with a password-reset link."
      section={section}
      readOnly={readOnly}
    >
      {FIELDS.map((field) => (
        <NumberInput
          key={field}
          label={BOUNDS[field].label}
          min={BOUNDS[field].min}
          max={BOUNDS[field].max}
          allowDecimal={false}
          allowNegative={false}
          readOnly={readOnly}
          w={260}
          {...form.controlProps(field)}
        />
      ))}
    </SettingsSection>
  );
}
