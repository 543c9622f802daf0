import { Anchor, Badge, Group, Stack, Text, Tooltip } from '@mantine/core';
import type { ServedVersion } from '@telegraf-controller/contract/agents';
import { Link } from 'react-router';
import { Elapsed } from './Elapsed';
import { IncompatibleBadge } from './IncompatibleBadge';
import { IncompatibleReasons } from './IncompatibleReasons';
import { incompatibleReason } from './incompatibility';
import { OutdatedBadge } from './OutdatedBadge';
import { BASIS_DISPLAY, outdatedReason, versionInWords } from './served-versions';

type ServedVersionsProps = {
  runs: ServedVersion[];
  /** A group's members are named; the one configuration of a configuration's link is named by the link. */
  named: boolean;
};

/**
 * What an agent runs of one managed link: each configuration's version, how that is known, when it last fetched,
 * and why its Telegraf cannot run the current version, when it cannot.
 */
export function ServedVersions({ runs, named }: ServedVersionsProps) {
  return (
    <Stack gap={4} role="list" aria-label="Versions it runs">
      {runs.map((run) => {
        const basis = BASIS_DISPLAY[run.basis];
        return (
          <Stack key={run.configId} gap={2} role="listitem">
            <Group gap="xs">
              {named && (
                <Anchor component={Link} to={`/configs/${run.configId}`} size="sm">
                  {run.configName}
                </Anchor>
              )}
              <Badge size="sm" variant="light" color="gray" radius="sm" tt="none">
                {versionInWords(run)}
              </Badge>
              <Tooltip label={basis.help} multiline maw={320}>
                <Badge size="sm" variant="outline" color={basis.color} radius="sm" tt="none">
                  {basis.label}
                </Badge>
              </Tooltip>
              {run.outdated && <OutdatedBadge reason={outdatedReason(run)} />}
              {run.incompatible.length > 0 && <IncompatibleBadge reason={incompatibleReason(run)} />}
              <Text size="xs" c="dimmed">
                {run.fetchedAt ? (
                  <>
                    fetched <Elapsed at={run.fetchedAt} span size="xs" c="dimmed" />
                  </>
                ) : (
                  'no fetch recorded'
                )}
              </Text>
            </Group>
            {run.incompatible.length > 0 && (
              <IncompatibleReasons reasons={run.incompatible} configName={run.configName} />
            )}
          </Stack>
        );
      })}
    </Stack>
  );
}
