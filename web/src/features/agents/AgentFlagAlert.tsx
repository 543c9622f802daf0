import { Alert, Anchor, Text } from '@mantine/core';
import { IconActivity } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { heartbeatsInWords } from '../reporting-rules/threshold';
import {
  FLAG_DISPLAY,
  lastHeartbeatsInWords,
  statisticCardId,
  type AgentFlag,
  type AgentFlagCount,
} from './agent-flags';

const TITLES: Record<AgentFlag, string> = {
  silent: 'Silent: reports OK but sends nothing',
  degrading: 'Degrading: errors keep rising',
};

const CHARTS: Record<AgentFlag, string> = { silent: 'Metrics', degrading: 'Errors' };

/** What was seen, and what clears the flag. */
function explain(flag: AgentFlag, { beats, after }: AgentFlagCount): { seen: ReactNode; next: ReactNode } {
  const rule = (
    <>
      Its reporting rule flags an agent {FLAG_DISPLAY[flag].label} after <b>{heartbeatsInWords(after)}</b>.
    </>
  );
  return flag === 'silent'
    ? {
        seen: (
          <>
            This agent routed no metric to its heartbeat output in <b>{lastHeartbeatsInWords(beats)}</b>, while
            reporting OK (or no status). {rule}
          </>
        ),
        next: 'A grey bar in the Metrics chart is a heartbeat that counted none. Check its inputs and outputs; the flag clears with the first heartbeat that routes a metric.',
      }
    : {
        seen: (
          <>
            This agent reported more errors than the heartbeat before in <b>{lastHeartbeatsInWords(beats)}</b>. {rule}
          </>
        ),
        next: 'The Errors chart shows the trend, and the reported logs may name what fails. The flag clears with the first heartbeat whose errors do not rise.',
      };
}

/**
 * An agent whose heartbeats look healthy by status but are not: it sends nothing (Silent), or its errors climb
 * (Degrading). Leads to the chart of the series behind the flag, on the same page.
 */
export function AgentFlagAlert({ flag, count }: { flag: AgentFlag; count: AgentFlagCount }) {
  const { color, series } = FLAG_DISPLAY[flag];
  const { seen, next } = explain(flag, count);
  const showChart = () =>
    document.getElementById(statisticCardId(series))?.scrollIntoView({ behavior: 'smooth', block: 'center' });
  return (
    <Alert color={color} variant="light" icon={<IconActivity aria-hidden />} title={TITLES[flag]}>
      <Text size="sm">{seen}</Text>
      <Text size="sm" mt="xs">
        {next}{' '}
        <Anchor component="button" type="button" size="sm" onClick={showChart}>
          Show the {CHARTS[flag]} chart
        </Anchor>
      </Text>
    </Alert>
  );
}
