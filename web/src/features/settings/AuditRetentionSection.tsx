import { Select } from '@mantine/core';
import { AUDIT_RETENTION_HOURS, type Settings } from '@telegraf-controller/contract/settings';
import { SettingsSection } from './SettingsSection';
import { useSettingsForm } from './use-settings-form';

type RetentionHours = Settings['auditRetentionHours'];

const LABELS: Record<RetentionHours, string> = {
  720: '30 days',
  2160: '3 months',
  4320: '6 months',
  8760: '1 year',
  17520: '2 years',
  0: 'Infinite',
};
const OPTIONS = AUDIT_RETENTION_HOURS.map((hours) => ({ value: String(hours), label: LABELS[hours] }));

type SectionProps = { settings: Settings; readOnly: boolean };

/** How long audit-log entries are kept; a change takes effect at once. */
export function AuditRetentionSection({ settings, readOnly }: SectionProps) {
  const { form, ...section } = useSettingsForm<'auditRetentionHours'>({
    name: 'Audit retention',
    settings,
    valuesOf: (s) => ({ auditRetentionHours: String(s.auditRetentionHours) }),
    toUpdate: (values) => ({ auditRetentionHours: Number(values.auditRetentionHours) as RetentionHours }),
  });

  return (
    <SettingsSection
      id="audit-retention"
      title="Audit Logging"
      description="Entries older than this are deleted. Shortening it removes older entries at once."
      section={section}
      readOnly={readOnly}
    >
      <Select
        label="Audit log retention"
        data={OPTIONS}
        allowDeselect={false}
        readOnly={readOnly}
        w={260}
        {...form.controlProps('auditRetentionHours')}
      />
    </SettingsSection>
  );
}
