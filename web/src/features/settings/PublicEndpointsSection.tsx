import { TextInput } from '@mantine/core';
import { Settings } from '@telegraf-controller/contract/settings';
import { schemaPattern } from '../../ui/schema-bounds';
import type { FieldErrors } from '../../ui/use-form-fields';
import { SettingsSection } from './SettingsSection';
import { useSettingsForm } from './use-settings-form';

type EndpointField = 'publicUiUrl' | 'publicApiUrl' | 'publicHeartbeatUrl';

const FIELDS: { field: EndpointField; label: string; blank: string }[] = [
  { field: 'publicUiUrl', label: 'User Interface URL', blank: 'Blank: the address in the browser' },
  { field: 'publicApiUrl', label: 'API URL', blank: 'Blank: the address in the browser' },
  { field: 'publicHeartbeatUrl', label: 'Heartbeat URL', blank: 'Blank: this host on the heartbeat port' },
];

const URL_SCHEMA = Settings.properties.publicUiUrl;
const URL_PATTERN = schemaPattern(URL_SCHEMA);

function check(values: Record<EndpointField, string>): FieldErrors<EndpointField> {
  const errors: FieldErrors<EndpointField> = {};
  for (const { field } of FIELDS) {
    const value = values[field].trim();
    if (value && !URL_PATTERN.test(value)) {
      errors[field] = 'Enter an absolute http:// or https:// URL without a trailing slash.';
    }
  }
  return errors;
}

type SectionProps = { settings: Settings; readOnly: boolean };

/** The addresses the controller gives out in links and agent configs; blank means "work it out" (null). */
export function PublicEndpointsSection({ settings, readOnly }: SectionProps) {
  const { form, ...section } = useSettingsForm<EndpointField>({
    name: 'Public endpoints',
    settings,
    valuesOf: (s) => ({
      publicUiUrl: s.publicUiUrl ?? '',
      publicApiUrl: s.publicApiUrl ?? '',
      publicHeartbeatUrl: s.publicHeartbeatUrl ?? '',
    }),
    toUpdate: (values) => ({
      publicUiUrl: values.publicUiUrl.trim() || null,
      publicApiUrl: values.publicApiUrl.trim() || null,
      publicHeartbeatUrl: values.publicHeartbeatUrl.trim() || null,
    }),
    check,
  });

  return (
    <SettingsSection
      id="endpoints"
      title="Public Endpoints"
      description="Where users and agents reach this controller, e.g. behind a proxy. Invite and password-reset links use the User Interface URL."
      section={section}
      readOnly={readOnly}
    >
      {FIELDS.map(({ field, label, blank }) => (
        <TextInput
          key={field}
          label={label}
          placeholder={blank}
          readOnly={readOnly}
          type="url"
          {...form.inputProps(field)}
        />
      ))}
    </SettingsSection>
  );
}
