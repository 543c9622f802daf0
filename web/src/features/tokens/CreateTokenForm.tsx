import { Button, Collapse, Group, Input, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { Permission } from '@telegraf-controller/contract/permissions';
import { TOKEN_PATTERN, TokenCreate, type TokenCreated, type TokenPreset } from '@telegraf-controller/contract/tokens';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import type { ApiError } from '../../api';
import { formatDateTime } from '../../ui/format';
import { FormError } from '../../ui/FormError';
import { PageLoader } from '../../ui/PageLoader';
import { QueryError } from '../../ui/QueryError';
import { schemaNumber } from '../../ui/schema-bounds';
import { useFormFields, type FieldErrors } from '../../ui/use-form-fields';
import { useMe } from '../auth/auth.queries';
import { gridRows, presetSelection } from './permission-grid';
import { PermissionGrid } from './PermissionGrid';
import { customDateProblem, EXPIRATION_OPTIONS, expiryFields, expiryPreview, todayUtc } from './token-expiry';
import { useCreateToken, usePermissionTable, useTokenCapabilities } from './tokens.queries';
import { FormActions } from '../../ui/FormActions';

type Field = 'name' | 'expiration' | 'expiresAt' | 'rawToken';
const EMPTY: Record<Field, string> = { name: '', expiration: 'never', expiresAt: '', rawToken: '' };
const NAME_MAX_LENGTH = schemaNumber(TokenCreate.properties.name, 'maxLength');
const MONOSPACE = { input: { fontFamily: 'var(--mantine-font-family-monospace)' } };

const PRESETS: { value: TokenPreset; label: string; hint: string }[] = [
  { value: 'full-access', label: 'Full access', hint: 'Full access: everything your role allows.' },
  { value: 'read-only', label: 'Read only', hint: 'Every read permission your role allows.' },
  {
    value: 'telegraf-agent',
    label: 'Telegraf agent',
    hint: 'What an agent needs: read configurations and config groups, send heartbeats.',
  },
  { value: 'custom', label: 'Custom', hint: 'Custom: exactly the boxes ticked below.' },
];

type CreateTokenFormProps = {
  onCreated: (created: TokenCreated) => void;
  onCancel: () => void;
  /** The preset chosen when the form opens (a first-run link asks for `telegraf-agent`). */
  initialPreset?: Exclude<TokenPreset, 'custom'>;
};

export function CreateTokenForm({ onCreated, onCancel, initialPreset = 'full-access' }: CreateTokenFormProps) {
  const me = useMe().data;
  const table = usePermissionTable();
  const capabilities = useTokenCapabilities();
  const create = useCreateToken();
  const form = useFormFields<Field>(EMPTY);
  const [formError, setFormError] = useState<ApiError | null>(null);
  // Choosing permissions is optional: the token starts with everything the creator's role allows.
  const [preset, setPreset] = useState<TokenPreset>(initialPreset);
  const [permissions, setPermissions] = useState<Permission[]>([]);
  const [permissionsError, setPermissionsError] = useState<string>();
  const [ownValue, ownValueToggle] = useDisclosure(false);
  const grantable = new Set(me?.permissions ?? []);
  const { expiration, expiresAt } = form.values;
  const expiresOn = expiryPreview(expiration, expiresAt);

  const choosePreset = (next: TokenPreset) => {
    setPreset(next);
    setPermissionsError(undefined);
    if (next !== 'custom' && me) setPermissions(presetSelection(next, me.user.role, grantable));
  };
  const editGrid = (next: Permission[]) => {
    setPreset('custom');
    setPermissions(next);
    setPermissionsError(undefined);
  };

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    const rawToken = ownValue ? form.values.rawToken.trim() : '';
    const errors: FieldErrors<Field> = {
      name: form.values.name.trim() ? undefined : 'Enter a description.',
      expiresAt: expiration === 'custom' ? customDateProblem(expiresAt) : undefined,
      rawToken:
        rawToken && !TOKEN_PATTERN.test(rawToken)
          ? 'Use tc-apiv1_ followed by 64 lowercase hex characters.'
          : undefined,
    };
    const noPermissions =
      preset === 'custom' && permissions.length === 0 ? 'Tick at least one permission, or choose a preset.' : undefined;
    form.setErrors(errors);
    setPermissionsError(noPermissions);
    if (Object.values(errors).some(Boolean) || noPermissions) return;

    const body: TokenCreate = {
      name: form.values.name.trim(),
      // A preset is sent as such, so the server applies it to the role; Custom sends the ticked boxes.
      ...(preset === 'custom' ? { preset, permissions } : { preset }),
      ...expiryFields(expiration, expiresAt),
      ...(rawToken ? { rawToken } : {}),
    };
    create.mutate(body, {
      onSuccess: onCreated,
      onError: (error) => {
        const server = error.fieldErrors();
        setPermissionsError(server.permissions);
        if (server.rawToken) ownValueToggle.open();
        setFormError(form.showServerErrors(error) || server.permissions ? null : error);
      },
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <FormError error={formError} title="The token was not created" />
        <TextInput
          label="Description"
          description="Unique; says where the token is used, e.g. the host or pipeline."
          withAsterisk
          maxLength={NAME_MAX_LENGTH}
          data-autofocus
          {...form.inputProps('name')}
        />
        <Group grow align="flex-start">
          <Select
            label="Expiration"
            data={EXPIRATION_OPTIONS}
            allowDeselect={false}
            description={expiresOn ? `Stops working ${formatDateTime(expiresOn)}` : 'Never stops working on its own.'}
            {...form.controlProps('expiration')}
          />
          {expiration === 'custom' && (
            <TextInput
              type="date"
              label="Expires on"
              description="At the end of this day (UTC)."
              min={todayUtc()}
              {...form.inputProps('expiresAt')}
            />
          )}
        </Group>
        <Input.Wrapper
          label="Permissions preset"
          description={PRESETS.find((item) => item.value === preset)?.hint}
          inputWrapperOrder={['label', 'input', 'description']}
        >
          <SegmentedControl
            fullWidth
            aria-label="Permissions preset"
            data={PRESETS.map(({ value, label }) => ({ value, label }))}
            value={preset}
            onChange={(value) => choosePreset(value as TokenPreset)}
            mt={4}
            mb={4}
          />
        </Input.Wrapper>
        {preset === 'custom' && table.error && (
          <QueryError error={table.error} what="the permissions" onRetry={() => void table.refetch()} />
        )}
        {preset === 'custom' && table.isPending && <PageLoader />}
        {preset === 'custom' && table.data && (
          <PermissionGrid
            rows={gridRows(table.data)}
            grantable={grantable}
            value={permissions}
            onChange={editGrid}
            error={permissionsError}
          />
        )}
        <Text size="xs" c="dimmed">
          The token acts as you, limited to these permissions. It can never do more than your role allows, and it is
          narrowed if your role is lowered. Permissions cannot be edited later.
        </Text>
        {capabilities.data?.preSharedTokensEnabled && (
          <Stack gap="xs">
            <Button
              variant="subtle"
              size="compact-sm"
              w="fit-content"
              px={4}
              leftSection={
                ownValue ? <IconChevronDown size={14} aria-hidden /> : <IconChevronRight size={14} aria-hidden />
              }
              onClick={ownValueToggle.toggle}
              aria-expanded={ownValue}
            >
              Provide your own token string
            </Button>
            <Collapse in={ownValue}>
              <TextInput
                label="Token string"
                description="tc-apiv1_ followed by 64 lowercase hex characters, e.g. from `openssl rand -hex 32`. Leave empty to have one generated."
                placeholder="tc-apiv1_…"
                autoComplete="off"
                spellCheck={false}
                styles={MONOSPACE}
                {...form.inputProps('rawToken')}
              />
            </Collapse>
          </Stack>
        )}
        <FormActions submitLabel="Create Token" pending={create.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
