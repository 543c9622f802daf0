import { ActionIcon, Button, Group, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { GrantableRole, Provisioning } from '@telegraf-controller/contract/auth-settings';
import { roleOptions } from '../../ui/roles';
import type { ProvisioningForm } from './use-provisioning-form';

const ROLES: GrantableRole[] = ['administrator', 'manager', 'viewer'];
const STRATEGIES = [
  { value: 'invite_only', label: 'Invite only' },
  { value: 'domain_restricted', label: 'Invite or allowed email domain' },
  { value: 'auto_create', label: 'Anyone the provider signs in' },
];
const NO_MATCH = [
  { value: 'use_default_role', label: 'Use the default role' },
  { value: 'reject', label: 'Refuse the sign-in' },
];

type ProvisioningFieldsProps = {
  form: ProvisioningForm;
  readOnly: boolean;
  /** How this provider names a group, as an example. */
  groupPlaceholder: string;
  groupHint: string;
};

/** Who gets an account through a provider, and which role (platform.md §2.11): the same rules for LDAP and OIDC. */
export function ProvisioningFields({ form, readOnly, groupPlaceholder, groupHint }: ProvisioningFieldsProps) {
  return (
    <>
      <Select
        label="Provisioning strategy"
        data={STRATEGIES}
        allowDeselect={false}
        readOnly={readOnly}
        value={form.rules.strategy}
        onChange={(value) => value && form.change({ strategy: value as Provisioning['strategy'] })}
      />
      <TextInput
        label="Allowed email domains"
        description="Comma-separated; with the domain strategy, people with these email domains get an account."
        readOnly={readOnly}
        value={form.domains}
        onChange={(event) => form.setDomains(event.currentTarget.value)}
      />
      <Select
        label="Default role"
        data={roleOptions(ROLES)}
        allowDeselect={false}
        readOnly={readOnly}
        value={form.rules.defaultRole}
        onChange={(value) => value && form.change({ defaultRole: value as GrantableRole })}
      />
      <Select
        label="On no group match"
        data={NO_MATCH}
        allowDeselect={false}
        readOnly={readOnly}
        value={form.rules.onNoMatch}
        onChange={(value) => value && form.change({ onNoMatch: value as Provisioning['onNoMatch'] })}
      />
      <Switch
        label="Auto-link by verified email (never the owner)"
        disabled={readOnly}
        checked={form.rules.autoLink}
        onChange={(event) => form.change({ autoLink: event.currentTarget.checked })}
      />
      <Stack gap="xs">
        <Text size="sm" fw={500}>
          Group role mappings
        </Text>
        <Text size="xs" c="dimmed">
          {groupHint}
        </Text>
        {form.rules.mappings.map((mapping, index) => (
          <Group key={index} gap="xs" wrap="nowrap">
            <TextInput
              aria-label={`Group ${index + 1}`}
              placeholder={groupPlaceholder}
              readOnly={readOnly}
              value={mapping.group}
              style={{ flex: 1 }}
              onChange={(event) => {
                const group = event.currentTarget.value;
                form.change({ mappings: form.rules.mappings.map((m, i) => (i === index ? { ...m, group } : m)) });
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
                form.change({
                  mappings: form.rules.mappings.map((m, i) =>
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
                onClick={() => form.change({ mappings: form.rules.mappings.filter((_, i) => i !== index) })}
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
              onClick={() => form.change({ mappings: [...form.rules.mappings, { group: '', role: 'viewer' }] })}
            >
              Add mapping
            </Button>
          </Group>
        )}
      </Stack>
    </>
  );
}
