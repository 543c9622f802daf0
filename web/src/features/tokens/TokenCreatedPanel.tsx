import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import type { TokenCreated } from '@telegraf-controller/contract/tokens';
import { IconAlertTriangle, IconCheck, IconCopy, IconInfoCircle } from '@tabler/icons-react';
import { formatDateTime } from '../../ui/format';
import { permissionLabel } from '../../ui/permission-labels';
import { PermissionChips } from './PermissionChips';
import { ClipboardCopy } from '../../ui/ClipboardCopy';

const MONOSPACE = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };

type TokenCreatedPanelProps = {
  created: TokenCreated;
  onDone: () => void;
  /** Called once the value is on the clipboard (closing before that asks first). */
  onCopied: () => void;
};

/** Shown once, right after creation: the value, what it may do, and what was asked for but not granted. */
export function TokenCreatedPanel({ created, onDone, onCopied }: TokenCreatedPanelProps) {
  return (
    <Stack gap="md">
      <Alert
        color="orange"
        variant="filled"
        icon={<IconAlertTriangle aria-hidden />}
        title="Copy the token now: it cannot be shown again"
      >
        Only a hash of the value is stored. If it is lost, revoke this token and create a new one.
      </Alert>
      <ClipboardCopy value={created.token} onCopied={onCopied}>
        {({ copied, failed, copy }) => (
          <Stack gap={4}>
            <Group gap="xs" align="flex-end" wrap="nowrap">
              <TextInput
                label="Token value"
                value={created.token}
                readOnly
                styles={MONOSPACE}
                onFocus={(event) => event.currentTarget.select()}
                style={{ flex: 1 }}
                data-autofocus
              />
              <Button
                color={copied ? 'teal' : failed ? 'red' : undefined}
                leftSection={copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                onClick={copy}
                w={110}
              >
                {copied ? 'Copied' : 'Copy'}
              </Button>
            </Group>
            {failed && (
              <Text size="sm" c="red" role="alert">
                Copying failed in this browser: click the value to select it, then copy it yourself (Ctrl+C or ⌘C).
              </Text>
            )}
          </Stack>
        )}
      </ClipboardCopy>
      <Text size="sm">
        <b>{created.name}</b> {created.expiresAt ? `works until ${formatDateTime(created.expiresAt)}` : 'never expires'}
        . Send it as <code>Authorization: Bearer &lt;token&gt;</code>; agents read it from{' '}
        <code>TELEGRAF_CONTROLLER_TOKEN</code>.
      </Text>
      <Stack gap="xs">
        <Title order={3} fz="sm">
          Granted permissions
        </Title>
        <PermissionChips permissions={created.permissions} empty="None: this token can do nothing." />
      </Stack>
      {created.droppedPermissions.length > 0 && (
        <Alert
          color="yellow"
          variant="light"
          icon={<IconInfoCircle aria-hidden />}
          title="Some permissions were dropped"
        >
          Your role cannot grant {created.droppedPermissions.map(permissionLabel).join(', ')}, so the token does not
          have {created.droppedPermissions.length === 1 ? 'it' : 'them'}.
        </Alert>
      )}
      <Group justify="flex-end">
        <Button onClick={onDone}>Done</Button>
      </Group>
    </Stack>
  );
}
