import { Group, Radio, Stack } from '@mantine/core';
import { PASSWORD_RULES, type PasswordComplexity } from '@telegraf-controller/contract/auth';
import type { Settings } from '@telegraf-controller/contract/settings';
import { passwordRulesText } from '../../ui/password-rules';
import { SettingsSection } from './SettingsSection';
import { useSettingsForm } from './use-settings-form';

const LEVELS = Object.keys(PASSWORD_RULES) as PasswordComplexity[];
const LEVEL_LABELS: Record<PasswordComplexity, string> = {
  low: 'Low',
  medium: 'Medium',
  high: 'High (recommended)',
};

type SectionProps = { settings: Settings; readOnly: boolean };

/** The rules new passwords must meet: setup, change, reset and invite acceptance. */
export function PasswordComplexitySection({ settings, readOnly }: SectionProps) {
  const { form, ...section } = useSettingsForm<'passwordComplexity'>({
    name: 'Password complexity',
    settings,
    valuesOf: (s) => ({ passwordComplexity: s.passwordComplexity }),
    toUpdate: (values) => ({ passwordComplexity: values.passwordComplexity as PasswordComplexity }),
  });

  return (
    <SettingsSection
      id="password-complexity"
      title="Password Complexity"
      description="Applies to new passwords only: existing passwords keep working when the level changes."
      section={section}
      readOnly={readOnly}
    >
      <Radio.Group label="Level" {...form.controlProps('passwordComplexity')}>
        <Stack gap="sm" mt="xs">
          {LEVELS.map((level) => (
            <Group key={level} wrap="nowrap">
              <Radio
                value={level}
                label={LEVEL_LABELS[level]}
                description={passwordRulesText(level)}
                disabled={readOnly}
              />
            </Group>
          ))}
        </Stack>
      </Radio.Group>
    </SettingsSection>
  );
}
