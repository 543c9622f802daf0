import { ActionIcon, Alert, Button, Stack, Text, TextInput, Tooltip } from '@mantine/core';
import { TokenCreate, type TokenCreated } from '@telegraf-controller/contract/tokens';
import { IconAlertTriangle, IconCheck, IconCopy, IconKey } from '@tabler/icons-react';
import { FormError } from '../../../ui/FormError';
import { schemaNumber } from '../../../ui/schema-bounds';
import { useCreateToken } from '../../tokens/tokens.queries';
import { ClipboardCopy } from '../../../ui/ClipboardCopy';

const NAME_MAX_LENGTH = schemaNumber(TokenCreate.properties.name, 'maxLength');

/** A unique, recognisable token name: the configuration or group and the minute it was made. */
function agentTokenName(sourceName: string): string {
  const stamp = new Date().toISOString().slice(0, 19).replace('T', ' ');
  const suffix = ` agent ${stamp}`;
  return `${sourceName.slice(0, NAME_MAX_LENGTH - suffix.length)}${suffix}`;
}

type AgentTokenSectionProps = {
  sourceName: string;
  created: TokenCreated | null;
  onCreated: (created: TokenCreated) => void;
};

/** Creates a token with the Telegraf agent preset; its value is shown here once and goes into the command. */
export function AgentTokenSection({ sourceName, created, onCreated }: AgentTokenSectionProps) {
  const create = useCreateToken();
  if (created) {
    return (
      <Stack gap="xs">
        <TextInput
          label="Token value"
          value={created.token}
          readOnly
          onFocus={(event) => event.currentTarget.select()}
          styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
          rightSection={
            <ClipboardCopy value={created.token}>
              {({ copied, failed, copy }) => (
                <Tooltip
                  label={copied ? 'Copied' : failed ? 'Copying failed: select it and copy it yourself' : 'Copy token'}
                  withArrow
                  position="left"
                >
                  <ActionIcon
                    variant="subtle"
                    color={copied ? 'teal' : 'gray'}
                    onClick={copy}
                    aria-label={
                      copied ? 'Copied' : failed ? 'Copying failed: select it and copy it yourself' : 'Copy token'
                    }
                  >
                    {copied ? <IconCheck size={16} aria-hidden /> : <IconCopy size={16} aria-hidden />}
                  </ActionIcon>
                </Tooltip>
              )}
            </ClipboardCopy>
          }
        />
        <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} p="xs">
          <Text size="xs">
            Shown once: it is in the commands now. Copy them before closing; the token is listed as “{created.name}”
            under API Tokens.
          </Text>
        </Alert>
      </Stack>
    );
  }
  return (
    <Stack gap="xs">
      <FormError error={create.error} title="No token was created" />
      <Text size="xs" c="dimmed">
        Agents send a token in <code>TELEGRAF_CONTROLLER_TOKEN</code>. An agent token may only read configurations and
        send heartbeats.
      </Text>
      <Button
        variant="light"
        leftSection={<IconKey size={16} aria-hidden />}
        loading={create.isPending}
        onClick={() =>
          create.mutate({ name: agentTokenName(sourceName), preset: 'telegraf-agent' }, { onSuccess: onCreated })
        }
        w="fit-content"
      >
        Create an agent token
      </Button>
    </Stack>
  );
}
