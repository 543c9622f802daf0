import { Alert, Divider, Grid, Modal, Stack, Tabs, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import type { TokenCreated } from '@telegraf-controller/contract/tokens';
import { IconAlertCircle, IconBrandWindows, IconTerminal2 } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { capitalize } from '../../../ui/format';
import { QueryError } from '../../../ui/QueryError';
import { useCan } from '../../auth/use-can';
import { DEFAULT_COMMAND_QUERY, useStartCommand, type CommandQuery, type ConfigSource } from '../configs.queries';
import { AgentTokenSection } from './AgentTokenSection';
import { AutoUpdateField } from './AutoUpdateField';
import { CommandBlock } from './CommandBlock';
import { withToken } from './command-text';

const INPUT_DELAY_MS = 300;

type CommandItem = { source: ConfigSource; item: { id: string; name: string } };
type UseConfigModalProps = CommandItem & { opened: boolean; onClose: () => void };

/** Builds the command that starts Telegraf on a configuration or a group's merge; nothing entered here is saved. */
export function UseConfigModal({ source, item, opened, onClose }: UseConfigModalProps) {
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      size="72rem"
      title={<Text fw={650}>Use this {source.noun} via URL</Text>}
      // A token shown once lives in this dialog: a stray click outside must not throw it away.
      closeOnClickOutside={false}
    >
      <CommandBuilder source={source} item={item} />
    </Modal>
  );
}

function CommandBuilder({ source, item }: CommandItem) {
  const canCreateToken = useCan('tokens:write');
  const [os, setOs] = useState<CommandQuery['os']>(DEFAULT_COMMAND_QUERY.os);
  const [watchInterval, setWatchInterval] = useState(DEFAULT_COMMAND_QUERY.watchInterval);
  const [values, setValues] = useState<Record<string, string>>({});
  const [token, setToken] = useState<TokenCreated | null>(null);
  const [parameters] = useDebouncedValue(values, INPUT_DELAY_MS);
  const command = useStartCommand(source, item.id, { os, watchInterval, parameters });
  const result = command.data;

  return (
    <Stack gap="md">
      <Tabs value={os} onChange={(value) => value && setOs(value as CommandQuery['os'])}>
        <Tabs.List>
          <Tabs.Tab value="linux" leftSection={<IconTerminal2 size={16} aria-hidden />}>
            Linux/macOS
          </Tabs.Tab>
          <Tabs.Tab value="windows" leftSection={<IconBrandWindows size={16} aria-hidden />}>
            Windows (PowerShell)
          </Tabs.Tab>
        </Tabs.List>
      </Tabs>
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            <Section title="Parameters" caption={requiredCaption(result?.parameters.filter((p) => p.required).length)}>
              {result && result.parameters.length === 0 && (
                <Text size="sm" c="dimmed">
                  This {source.noun} takes no parameters.
                </Text>
              )}
              {result?.parameters.map((parameter) => (
                <TextInput
                  key={parameter.name}
                  label={parameter.name}
                  withAsterisk={parameter.required}
                  placeholder={parameter.default ?? `Value for ${parameter.name}`}
                  description={
                    parameter.default !== undefined ? `Default: ${parameter.default || '(empty)'}` : undefined
                  }
                  value={values[parameter.name] ?? ''}
                  onChange={(event) => {
                    const value = event.currentTarget.value;
                    setValues((current) => ({ ...current, [parameter.name]: value }));
                  }}
                  styles={{ label: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                />
              ))}
            </Section>
            <Divider />
            <Section title="Auto update" caption={watchInterval === '0' ? 'disabled' : 'enabled'}>
              <AutoUpdateField value={watchInterval} onChange={setWatchInterval} />
            </Section>
            {canCreateToken && (
              <>
                <Divider />
                <Section title="Agent token" caption={token ? 'created' : 'optional'}>
                  <AgentTokenSection sourceName={item.name} created={token} onCreated={setToken} />
                </Section>
              </>
            )}
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <Stack gap="sm">
            {command.error && <QueryError error={command.error} what="the command" />}
            {result && (
              <>
                <CommandBlock command={withToken(result.command, token?.token ?? null)} loading={command.isFetching} />
                {result.missing.length > 0 && (
                  <Alert color="yellow" variant="light" icon={<IconAlertCircle aria-hidden />} p="xs">
                    <Text size="sm">
                      Required without a value: {result.missing.join(', ')}. The URL shows a placeholder for each; the
                      agent cannot load the {source.noun} until it is filled in.
                    </Text>
                  </Alert>
                )}
                <TextInput
                  label={`${capitalize(source.noun)} URL`}
                  description="What the agent loads; parameters travel in the query, so keep secrets out of them."
                  value={result.url}
                  readOnly
                  onFocus={(event) => event.currentTarget.select()}
                  styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
                />
                {result.envVars.length > 0 && (
                  <Text size="sm" c="dimmed">
                    Set on the agent:{' '}
                    {result.envVars.map((name) => (
                      <code key={name}>{name} </code>
                    ))}
                  </Text>
                )}
              </>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

function requiredCaption(count: number | undefined): string {
  return count === undefined ? '' : `${count} required`;
}

function Section({ title, caption, children }: { title: string; caption: string; children: ReactNode }) {
  return (
    <Stack gap="xs" component="section" aria-label={title}>
      <div>
        <Title order={3} fz="sm">
          {title}
        </Title>
        {caption && (
          <Text size="xs" c="dimmed">
            {caption}
          </Text>
        )}
      </div>
      {children}
    </Stack>
  );
}
