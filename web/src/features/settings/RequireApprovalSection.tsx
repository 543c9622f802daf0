import { Switch } from '@mantine/core';
import type { Settings } from '@telegraf-controller/contract/settings';
import { SettingsSection } from './SettingsSection';
import { useSettingsForm } from './use-settings-form';

type SectionProps = { settings: Settings; readOnly: boolean };

/** Four eyes (ADR 27): a configuration version reaches agents only once someone other than its author approved it. */
export function RequireApprovalSection({ settings, readOnly }: SectionProps) {
  const { form, ...section } = useSettingsForm<'requireApproval'>({
    name: 'Four eyes',
    settings,
    valuesOf: (s) => ({ requireApproval: String(s.requireApproval) }),
    toUpdate: (values) => ({ requireApproval: values.requireApproval === 'true' }),
  });

  return (
    <SettingsSection
      id="require-approval"
      title="Four Eyes"
      description="A configuration version is published, or rolled out, only after someone other than its author approved it (Approve, on the configuration's Versions tab). While it is on, every save waits to be approved and published, live configurations' too, and a pin may only hold the version served or an approved one."
      section={section}
      readOnly={readOnly}
    >
      <Switch
        label="Require approval (four eyes)"
        checked={form.values.requireApproval === 'true'}
        onChange={(event) => form.setValue('requireApproval', String(event.currentTarget.checked))}
        disabled={readOnly}
      />
    </SettingsSection>
  );
}
