import { Alert, Text } from '@mantine/core';
import type { AgentConfigLink } from '@telegraf-controller/contract/agents';
import { IconClockExclamation } from '@tabler/icons-react';
import { Fragment } from 'react';
import { OUTDATED_DISPLAY } from './agent-flags';
import { outdatedRuns, versionInWords } from './served-versions';

/**
 * An agent that runs an older version of a configuration than the one saved, for longer than the grace: names
 * which, and says how a Telegraf takes up a new version. The flag clears once it fetches the latest.
 */
export function OutdatedAlert({ configs }: { configs: AgentConfigLink[] }) {
  const runs = outdatedRuns(configs);
  return (
    <Alert
      color={OUTDATED_DISPLAY.color}
      variant="light"
      icon={<IconClockExclamation aria-hidden />}
      title="Outdated: runs an older version of its configuration"
    >
      {runs.length > 0 && (
        <Text size="sm">
          It runs{' '}
          {runs.map((run, index) => (
            <Fragment key={run.configId}>
              {index > 0 && ', '}
              <b>{run.configName}</b> {versionInWords(run)}
            </Fragment>
          ))}
          . The newer version was saved longer ago than twice its observed fetch interval (else the Outdated grace in
          Settings), and it has not fetched it.
        </Text>
      )}
      <Text size="sm" mt={runs.length > 0 ? 'xs' : 0}>
        Telegraf loads a configuration URL when it starts; run with <code>--config-url-watch-interval</code>, it checks
        the URL and reloads when it changes. The flag clears once it fetches the latest version.
      </Text>
    </Alert>
  );
}
