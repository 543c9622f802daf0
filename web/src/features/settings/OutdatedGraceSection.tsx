import { NumberInput } from '@mantine/core';
import { Settings } from '@telegraf-controller/contract/settings';
import { integerProblem } from '../../ui/field-checks';
import { schemaNumber } from '../../ui/schema-bounds';
import { SettingsSection } from './SettingsSection';
import { useSettingsForm } from './use-settings-form';

const LABEL = 'Outdated grace (minutes)';
const MIN = schemaNumber(Settings.properties.outdatedGraceMinutes, 'minimum');
const MAX = schemaNumber(Settings.properties.outdatedGraceMinutes, 'maximum');

type SectionProps = { settings: Settings; readOnly: boolean };

/** How long after a save an agent still on an older version is let be, when how often it fetches is not known. */
export function OutdatedGraceSection({ settings, readOnly }: SectionProps) {
  const { form, ...section } = useSettingsForm<'outdatedGraceMinutes'>({
    name: 'Outdated agents',
    settings,
    valuesOf: (s) => ({ outdatedGraceMinutes: String(s.outdatedGraceMinutes) }),
    toUpdate: (values) => ({ outdatedGraceMinutes: Number(values.outdatedGraceMinutes) }),
    check: (values) => ({ outdatedGraceMinutes: integerProblem(values.outdatedGraceMinutes, LABEL, MIN, MAX) }),
  });

  return (
    <SettingsSection
      id="outdated-agents"
      title="Outdated Agents"
      description="An agent is flagged Outdated when a configuration it loads has a newer version that it has not fetched, for longer than a grace: twice its fetch interval once the controller has seen it fetch twice, else this many minutes."
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
        {...form.controlProps('outdatedGraceMinutes')}
      />
    </SettingsSection>
  );
}
