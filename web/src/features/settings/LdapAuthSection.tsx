import { Alert, Button, Code, Group, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AuthSettings } from '@telegraf-controller/contract/auth-settings';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { InfoList } from '../../ui/InfoList';
import { ProviderSection } from './ProviderSection';
import { ProvisioningFields } from './ProvisioningFields';
import { useTestLdap, useUpdateAuthSettings } from './settings.queries';
import { useProvisioningForm } from './use-provisioning-form';

type LdapAuthSectionProps = { settings: AuthSettings['ldap']; readOnly: boolean };

/** LDAP: the start-up connection (read-only, no password), the provisioning rules, and Test connection. */
export function LdapAuthSection({ settings, readOnly }: LdapAuthSectionProps) {
  const update = useUpdateAuthSettings();
  const test = useTestLdap();
  const form = useProvisioningForm(settings.provisioning);
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [testUser, setTestUser] = useState('');
  const connection = settings.connection;

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    update.mutate(
      { ldap: form.value() },
      {
        onSuccess: (saved) => {
          form.reset(saved.ldap.provisioning);
          notifications.show({
            color: 'green',
            title: 'LDAP rules saved',
            message: 'They apply from the next sign-in.',
          });
        },
        onError: setFormError,
      },
    );
  };

  return (
    <ProviderSection
      id="ldap"
      title="LDAP Authentication"
      description="The connection is set by start-up options (AUTH_LDAP_*); who gets an account, and which role, is set here."
    >
      {connection && (
        <InfoList
          items={[
            { label: 'Server', value: <Code>{connection.url}</Code> },
            {
              label: 'Security',
              value: connection.url.startsWith('ldaps:')
                ? 'LDAPS'
                : connection.startTls
                  ? 'StartTLS'
                  : 'None (plain LDAP)',
            },
            { label: 'Bind DN', value: <Code>{connection.bindDn}</Code> },
            { label: 'Search base', value: <Code>{connection.searchBase}</Code> },
            { label: 'Search filter', value: <Code>{connection.searchFilter}</Code> },
            {
              label: 'Attributes',
              value: `username ${connection.attributes.username}, email ${connection.attributes.email}, groups ${connection.attributes.groups}`,
            },
          ]}
        />
      )}
      <Stack gap="xs" mt="md" maw={560}>
        <Group align="flex-end" gap="sm">
          <TextInput
            label="Test connection"
            description="Binds as the service account; with a username, shows how the directory describes that person."
            placeholder="Username (optional)"
            value={testUser}
            onChange={(event) => setTestUser(event.currentTarget.value)}
            style={{ flex: 1 }}
          />
          <Button
            variant="default"
            loading={test.isPending}
            onClick={() => test.mutate(testUser.trim() ? { username: testUser.trim() } : {})}
          >
            Test
          </Button>
        </Group>
        {test.data && (
          <Alert color={test.data.ok ? 'green' : 'red'} variant="light" title={test.data.detail} role="status">
            {test.data.user && (
              <Stack gap={2}>
                <Text size="sm">
                  DN: <Code>{test.data.user.dn}</Code>
                </Text>
                <Text size="sm">Email: {test.data.user.email ?? '—'}</Text>
                <Text size="sm">
                  Groups: {test.data.user.groups.length > 0 ? test.data.user.groups.join('; ') : 'none'}
                </Text>
              </Stack>
            )}
          </Alert>
        )}
        <FormError error={test.error} title="Test connection failed" />
      </Stack>
      <form onSubmit={save} noValidate>
        <Stack gap="md" maw={560} mt="lg">
          <FormError error={formError} title="LDAP rules not saved" />
          <ProvisioningFields
            form={form}
            readOnly={readOnly}
            groupPlaceholder="cn=ops,ou=groups,dc=example,dc=com"
            groupHint="The highest role of any matching group wins; group DNs compare without regard to case."
          />
          {!readOnly && (
            <Group>
              <Button type="submit" loading={update.isPending}>
                Save
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </ProviderSection>
  );
}
