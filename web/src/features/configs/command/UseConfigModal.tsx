import { Alert, Divider, Grid, Group, Modal, Stack, Switch, Tabs, Text, TextInput, Title } from '@mantine/core';
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
import { composeCommand, selectFlags, withEnvValues, type LocalFile } from './command-text';
import { downloadConfig } from './download-config';
import { LocalFileSection } from './LocalFileSection';
import { SelectorsSection } from './SelectorsSection';

/** The variable the start command reads the agent's token from; the Agent token section fills it. */
const AGENT_TOKEN_VARIABLE = 'TELEGRAF_CONTROLLER_TOKEN';

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
  const [envValues, setEnvValues] = useState<Record<string, string>>({});
  const [local, setLocal] = useState<LocalFile | null>(null);
  const [selectors, setSelectors] = useState<Record<string, string>[]>([{}]);
  const [influxToken, setInfluxToken] = useState(false);
  const [token, setToken] = useState<TokenCreated | null>(null);
  const [parameters] = useDebouncedValue(values, INPUT_DELAY_MS);
  const command = useStartCommand(source, item.id, { os, watchInterval, parameters });
  const result = command.data;
  const variables = result?.envVars.filter((name) => name !== AGENT_TOKEN_VARIABLE) ?? [];
  const text =
    result &&
    withEnvValues(
      composeCommand(result, os, { local, selects: selectFlags(selectors), influxToken }),
      os,
      token ? { ...envValues, [AGENT_TOKEN_VARIABLE]: token.token } : envValues,
    );

  return (
    <Stack gap="md">
      <Group justify="space-between">
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
        <Switch
          label="Use local configuration file"
          checked={local !== null}
          onChange={(event) =>
            setLocal(
              event.currentTarget.checked
                ? { fileName: `${fileNameOf(item.name)}.toml`, directory: '', watch: false }
                : null,
            )
          }
        />
      </Group>
      <Grid gutter="xl">
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack gap="md">
            {local && (
              <>
                <Section title="File details" caption="download, then start Telegraf on it">
                  <LocalFileSection
                    value={local}
                    onChange={setLocal}
                    missing={result?.missing ?? []}
                    onDownload={() => downloadConfig(source, item.id, values, local.fileName.trim())}
                  />
                </Section>
                <Divider />
              </>
            )}
            {variables.length > 0 && (
              <>
                <Section title="Environment variables" caption={`${variables.length} used · not saved`}>
                  {variables.map((name) => (
                    <TextInput
                      key={name}
                      label={name}
                      placeholder={`Value for ${name}`}
                      value={envValues[name] ?? ''}
                      onChange={(event) => {
                        const value = event.currentTarget.value;
                        setEnvValues((current) => ({ ...current, [name]: value }));
                      }}
                      styles={{ label: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
                    />
                  ))}
                </Section>
                <Divider />
              </>
            )}
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
            {!local && (
              <>
                <Divider />
                <Section title="Auto update" caption={watchInterval === '0' ? 'disabled' : 'enabled'}>
                  <AutoUpdateField value={watchInterval} onChange={setWatchInterval} />
                </Section>
              </>
            )}
            {result && result.selectorLabels.length > 0 && (
              <>
                <Divider />
                <Section title="Label selectors" caption={`${selectFlags(selectors).length} in use`}>
                  <SelectorsSection labels={result.selectorLabels} value={selectors} onChange={setSelectors} />
                </Section>
              </>
            )}
            <Divider />
            <Section title="Telegraf version" caption={influxToken ? 'before 1.39' : '1.39 or later'}>
              <Switch
                label="Agents before Telegraf 1.39: also export INFLUX_TOKEN"
                checked={influxToken}
                onChange={(event) => setInfluxToken(event.currentTarget.checked)}
              />
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
            {result && text && (
              <>
                <CommandBlock command={text} loading={command.isFetching} />
                {result.missing.length > 0 && (
                  <Alert color="yellow" variant="light" icon={<IconAlertCircle aria-hidden />} p="xs">
                    <Text size="sm">
                      Required without a value: {result.missing.join(', ')}. The URL shows a placeholder for each; the
                      agent cannot load the {source.noun} until it is filled in.
                    </Text>
                  </Alert>
                )}
                {!local && (
                  <TextInput
                    label={`${capitalize(source.noun)} URL`}
                    description="What the agent loads; parameters travel in the query, so keep secrets out of them."
                    value={result.url}
                    readOnly
                    onFocus={(event) => event.currentTarget.select()}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
                  />
                )}
              </>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** A file name from an item's name: letters, digits, `.`, `_` and `-`, the rest as `-`. */
function fileNameOf(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'telegraf';
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
