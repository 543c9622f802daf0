import { Alert, Stack, Text } from '@mantine/core';
import type { AgentConfigLink } from '@telegraf-controller/contract/agents';
import { IconPlugConnectedX } from '@tabler/icons-react';
import { INCOMPATIBLE_DISPLAY } from './agent-flags';
import { IncompatibleReasons } from './IncompatibleReasons';
import { incompatibleRuns } from './incompatibility';

type IncompatibleAlertProps = {
  /** The Telegraf version the agent reports. */
  version: string | null;
  configs: AgentConfigLink[];
};

/**
 * An agent whose Telegraf cannot run the current version of a configuration it loads: names each one and why, and
 * says what clears the flag.
 */
export function IncompatibleAlert({ version, configs }: IncompatibleAlertProps) {
  const runs = incompatibleRuns(configs);
  return (
    <Alert
      color={INCOMPATIBLE_DISPLAY.color}
      variant="light"
      icon={<IconPlugConnectedX aria-hidden />}
      title="Incompatible: its Telegraf cannot run a configuration it loads"
    >
      <Stack gap="xs">
        <Text size="sm">
          It reports {version ?? 'an unknown Telegraf version'}, which lacks what the current version of{' '}
          {runs.length === 1 ? 'this configuration' : 'these configurations'} asks for:
        </Text>
        {runs.map((run) => (
          <div key={run.configId}>
            <Text size="sm" fw={600}>
              {run.configName} v{run.latestVersion}
            </Text>
            <IncompatibleReasons reasons={run.incompatible} configName={run.configName} />
          </div>
        ))}
        <Text size="sm">
          Upgrade Telegraf on this host, or change the configuration so that it asks only for what this release has. The
          flag clears once the agent reports a Telegraf that can run the current version.
        </Text>
      </Stack>
    </Alert>
  );
}
