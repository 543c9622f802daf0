import { NumberInput } from '@mantine/core';
import { Settings } from '@telegraf-controller/contract/settings';
import { integerProblem } from '../../ui/field-checks';
import { schemaNumber } from '../../ui/schema-bounds';
import { SettingsSection } from './SettingsSection';
import { useSettingsForm } from './use-settings-form';

const LABEL = 'Duplicate id window (minutes)';
const MIN = schemaNumber(Settings.properties.duplicateWindowMinutes, 'minimum');
const MAX = schemaNumber(Settings.properties.duplicateWindowMinutes, 'maximum');

type SectionProps = { settings: Settings; readOnly: boolean };

/** How quickly an agent id must switch hostnames back and forth to be flagged as shared by two machines. */
export function DuplicateIdsSection({ settings, readOnly }: SectionProps) {
  const { form, ...section } = useSettingsForm<'duplicateWindowMinutes'>({
    name: 'Duplicate agent IDs',
    settings,
    valuesOf: (s) => ({ duplicateWindowMinutes: String(s.duplicateWindowMinutes) }),
    toUpdate: (values) => ({ duplicateWindowMinutes: Number(values.duplicateWindowMinutes) }),
    check: (values) => ({ duplicateWindowMinutes: integerProblem(values.duplicateWindowMinutes, LABEL, MIN, MAX) }),
  });

  return (
    <SettingsSection
      id="duplicate-ids"
      title="Duplicate Agent IDs"
      description="An agent is flagged when its id heartbeats with one hostname, then another, then the first again, changing back within this many minutes: two machines (often a cloned image) share the id. The flag clears once no change back is seen for as long."
      section={section}
      readOnly={readOnly}
    >
      <NumberInput
        label={LABEL}
        min={MIN}
        max={MAX}
        allowDecimal={false}
        allowNegative={false}
        readOnly={readOnly}
        w={260}
        {...form.controlProps('duplicateWindowMinutes')}
      />
    </SettingsSection>
  );
}
