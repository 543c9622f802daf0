import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Code,
  Group,
  Select,
  Stack,
  Switch,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { AuthSettings, GrantableRole, Provisioning } from '@telegraf-controller/contract/auth-settings';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { InfoList } from '../../ui/InfoList';
import { roleOptions } from '../../ui/roles';
import { useTestLdap, useUpdateAuthSettings } from './settings.queries';

const ROLES: GrantableRole[] = ['administrator', 'manager', 'viewer'];
const STRATEGIES = [
  { value: 'invite_only', label: 'Invite only' },
  { value: 'domain_restricted', label: 'Invite or allowed email domain' },
  { value: 'auto_create', label: 'Anyone the directory signs in' },
];
const NO_MATCH = [
  { value: 'use_default_role', label: 'Use the default role' },
  { value: 'reject', label: 'Refuse the sign-in' },
];

type LdapAuthSectionProps = { settings: AuthSettings['ldap']; readOnly: boolean };

/** LDAP: the start-up connection (read-only, no password), the provisioning rules, and Test connection. */
export function LdapAuthSection({ settings, readOnly }: LdapAuthSectionProps) {
  const update = useUpdateAuthSettings();
  const test = useTestLdap();
  const [rules, setRules] = useState<Provisioning>(settings.provisioning);
  const [domains, setDomains] = useState(settings.provisioning.allowedDomains.join(', '));
  const [formError, setFormError] = useState<ApiError | null>(null);
  const [testUser, setTestUser] = useState('');
  const connection = settings.connection;
  const change = (changes: Partial<Provisioning>) => setRules((current) => ({ ...current, ...changes }));

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const allowedDomains = domains
      .split(',')
      .map((domain) => domain.trim())
      .filter(Boolean);
    update.mutate(
      { ldap: { ...rules, allowedDomains, mappings: rules.mappings.filter((mapping) => mapping.group.trim()) } },
      {
        onSuccess: (saved) => {
          setRules(saved.ldap.provisioning);
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
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="ldap-heading">
      <Group gap="sm" mb={4}>
        <Title order={2} fz="h4" id="ldap-heading">
          LDAP Authentication
        </Title>
        <Badge color="green" variant="light">
          Enabled
        </Badge>
      </Group>
      <Text size="sm" c="dimmed" mb="md">
        The connection is set by start-up options (AUTH_LDAP_*); who gets an account, and which role, is set here.
      </Text>
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
          <Select
            label="Provisioning strategy"
            data={STRATEGIES}
            allowDeselect={false}
            readOnly={readOnly}
            value={rules.strategy}
            onChange={(value) => value && change({ strategy: value as Provisioning['strategy'] })}
          />
          <TextInput
            label="Allowed email domains"
            description="Comma-separated; with the domain strategy, people with these email domains get an account."
            readOnly={readOnly}
            value={domains}
            onChange={(event) => setDomains(event.currentTarget.value)}
          />
          <Select
            label="Default role"
            data={roleOptions(ROLES)}
            allowDeselect={false}
            readOnly={readOnly}
            value={rules.defaultRole}
            onChange={(value) => value && change({ defaultRole: value as GrantableRole })}
          />
          <Select
            label="On no group match"
            data={NO_MATCH}
            allowDeselect={false}
            readOnly={readOnly}
            value={rules.onNoMatch}
            onChange={(value) => value && change({ onNoMatch: value as Provisioning['onNoMatch'] })}
          />
          <Switch
            label="Auto-link by verified email (never the owner)"
            disabled={readOnly}
            checked={rules.autoLink}
            onChange={(event) => change({ autoLink: event.currentTarget.checked })}
          />
          <Stack gap="xs">
            <Text size="sm" fw={500}>
              Group role mappings
            </Text>
            <Text size="xs" c="dimmed">
              The highest role of any matching group wins; group DNs compare without regard to case.
            </Text>
            {rules.mappings.map((mapping, index) => (
              <Group key={index} gap="xs" wrap="nowrap">
                <TextInput
                  aria-label={`Group ${index + 1}`}
                  placeholder="cn=ops,ou=groups,dc=example,dc=com"
                  readOnly={readOnly}
                  value={mapping.group}
                  style={{ flex: 1 }}
                  onChange={(event) => {
                    const group = event.currentTarget.value;
                    change({ mappings: rules.mappings.map((m, i) => (i === index ? { ...m, group } : m)) });
                  }}
                />
                <Select
                  aria-label={`Role of group ${index + 1}`}
                  data={roleOptions(ROLES)}
                  allowDeselect={false}
                  readOnly={readOnly}
                  w={170}
                  value={mapping.role}
                  onChange={(value) =>
                    value &&
                    change({
                      mappings: rules.mappings.map((m, i) =>
                        i === index ? { ...m, role: value as GrantableRole } : m,
                      ),
                    })
                  }
                />
                {!readOnly && (
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    aria-label={`Remove group ${index + 1}`}
                    onClick={() => change({ mappings: rules.mappings.filter((_, i) => i !== index) })}
                  >
                    <IconTrash size={16} aria-hidden />
                  </ActionIcon>
                )}
              </Group>
            ))}
            {!readOnly && (
              <Group>
                <Button
                  variant="subtle"
                  leftSection={<IconPlus size={16} aria-hidden />}
                  onClick={() => change({ mappings: [...rules.mappings, { group: '', role: 'viewer' }] })}
                >
                  Add mapping
                </Button>
              </Group>
            )}
          </Stack>
          {!readOnly && (
            <Group>
              <Button type="submit" loading={update.isPending}>
                Save
              </Button>
            </Group>
          )}
        </Stack>
      </form>
    </Card>
  );
}
