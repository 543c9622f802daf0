import { Alert, Button, Code, Group, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { AuthSettings } from '@telegraf-controller/contract/auth-settings';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { FormError } from '../../ui/FormError';
import { InfoList } from '../../ui/InfoList';
import { ProviderSection } from './ProviderSection';
import { ProvisioningFields } from './ProvisioningFields';
import { useTestOidc, useUpdateAuthSettings } from './settings.queries';
import { useProvisioningForm } from './use-provisioning-form';

type OidcAuthSectionProps = { settings: AuthSettings['oidc']; readOnly: boolean };

/**
 * Single sign-on: the start-up connection (read-only, no client secret), Test connection, the button's label and
 * the groups claim (overrides of the start-up options), and the provisioning rules.
 */
export function OidcAuthSection({ settings, readOnly }: OidcAuthSectionProps) {
  const update = useUpdateAuthSettings();
  const test = useTestOidc();
  const form = useProvisioningForm(settings.provisioning);
  const [displayName, setDisplayName] = useState(settings.provisioning.displayName ?? '');
  const [groupsClaim, setGroupsClaim] = useState(settings.provisioning.groupsClaim ?? '');
  const [formError, setFormError] = useState<ApiError | null>(null);
  const connection = settings.connection;

  const save = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    update.mutate(
      {
        oidc: {
          ...form.value(),
          displayName: displayName.trim() || null,
          groupsClaim: groupsClaim.trim() || null,
        },
      },
      {
        onSuccess: (saved) => {
          form.reset(saved.oidc.provisioning);
          setDisplayName(saved.oidc.provisioning.displayName ?? '');
          setGroupsClaim(saved.oidc.provisioning.groupsClaim ?? '');
          notifications.show({
            color: 'green',
            title: 'OIDC rules saved',
            message: 'They apply from the next sign-in.',
          });
        },
        onError: setFormError,
      },
    );
  };

  return (
    <ProviderSection
      id="oidc"
      title="OIDC Authentication"
      description="Single sign-on through an OpenID Connect provider. The connection is set by start-up options (AUTH_OIDC_*); who gets an account, and which role, is set here."
    >
      {connection && (
        <InfoList
          items={[
            { label: 'Issuer', value: <Code>{connection.issuer}</Code> },
            { label: 'Client ID', value: <Code>{connection.clientId}</Code> },
            { label: 'Redirect URI', value: <Code>{connection.redirectUri}</Code> },
            { label: 'Scopes', value: <Code>{connection.scopes}</Code> },
            { label: 'Username claim', value: <Code>{connection.usernameClaim}</Code> },
            { label: 'After sign-in', value: <Code>{connection.postLoginRedirect}</Code> },
          ]}
        />
      )}
      <Stack gap="xs" mt="md" maw={560}>
        <Group gap="sm">
          <Button variant="default" loading={test.isPending} onClick={() => test.mutate()}>
            Test connection
          </Button>
          <Text size="xs" c="dimmed">
            Reads the provider’s discovery document and signing keys.
          </Text>
        </Group>
        {test.data && (
          <Alert color={test.data.ok ? 'green' : 'red'} variant="light" title={test.data.detail} role="status" />
        )}
        <FormError error={test.error} title="Test connection failed" />
      </Stack>
      <form onSubmit={save} noValidate>
        <Stack gap="md" maw={560} mt="lg">
          <FormError error={formError} title="OIDC rules not saved" />
          <TextInput
            label="Sign-in button label"
            description="The button says “Sign in with …”. Blank: the start-up option (AUTH_OIDC_DISPLAY_NAME)."
            placeholder={settings.effective.displayName}
            readOnly={readOnly}
            maxLength={64}
            value={displayName}
            onChange={(event) => setDisplayName(event.currentTarget.value)}
          />
          <TextInput
            label="Groups claim"
            description="The ID token claim that lists the person’s groups. Blank: the start-up option (AUTH_OIDC_GROUPS_CLAIM)."
            placeholder={settings.effective.groupsClaim}
            readOnly={readOnly}
            value={groupsClaim}
            onChange={(event) => setGroupsClaim(event.currentTarget.value)}
          />
          <ProvisioningFields
            form={form}
            readOnly={readOnly}
            groupPlaceholder="sre"
            groupHint="Groups as the groups claim lists them; the highest role of any matching group wins. A sign-in whose ID token lacks the claim is refused."
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
