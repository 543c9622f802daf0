import type { AgentFilterQuery, AgentStatistics, AgentSummaryRow } from '@telegraf-controller/contract/agents';
import { heartbeatsInWords } from '../reporting-rules/threshold';

/** A flag the server filters the agents list by (`?flag=`). */
export type FlagFilter = NonNullable<AgentFilterQuery['flag']>;

/**
 * A flag raised by the thresholds of each agent's reporting rule, counted in heartbeats. Outdated and Incompatible
 * are not: each is a yes or no from the configurations the agent runs (see served-versions.ts, incompatibility.ts).
 */
export type AgentFlag = Extract<FlagFilter, 'silent' | 'degrading'>;

/** A raised flag: heartbeats in a row so far, and the rule's threshold that raised it. */
export type AgentFlagCount = NonNullable<AgentSummaryRow['silent']>;

export const AGENT_FLAGS = ['silent', 'degrading'] as const satisfies readonly AgentFlag[];

/** How each flag reads, its colour, and the statistics series behind it: the chart that shows why. */
export const FLAG_DISPLAY: Record<AgentFlag, { label: string; color: string; series: keyof AgentStatistics }> = {
  silent: { label: 'Silent', color: 'violet', series: 'metrics' },
  degrading: { label: 'Degrading', color: 'orange', series: 'errors' },
};

/** How Outdated reads: its badges, its filter and its segment of the fleet bar. */
export const OUTDATED_DISPLAY = { label: 'Outdated', color: 'cyan' };

/** How Incompatible reads: its badges, its filter, its segment of the fleet bar and its alert. */
export const INCOMPATIBLE_DISPLAY = { label: 'Incompatible', color: 'pink' };

const OFFERED_FLAGS = [...AGENT_FLAGS, 'outdated', 'incompatible'] as const satisfies readonly FlagFilter[];

/** A flag the Flag filter offers. */
export type OfferedFlag = (typeof OFFERED_FLAGS)[number];

/** What the Flag filter offers, and its chip says. */
export const FLAG_LABELS: Record<OfferedFlag, string> = {
  silent: FLAG_DISPLAY.silent.label,
  degrading: FLAG_DISPLAY.degrading.label,
  outdated: OUTDATED_DISPLAY.label,
  incompatible: INCOMPATIBLE_DISPLAY.label,
};

export const FLAG_OPTIONS = OFFERED_FLAGS.map((flag) => ({ value: flag, label: FLAG_LABELS[flag] }));

export function isOfferedFlag(value: string | null): value is OfferedFlag {
  return (OFFERED_FLAGS as readonly (string | null)[]).includes(value);
}

/** The flags an agent has raised, Silent first. */
export function raisedFlags(agent: Pick<AgentSummaryRow, AgentFlag>): { flag: AgentFlag; count: AgentFlagCount }[] {
  return AGENT_FLAGS.flatMap((flag) => {
    const count = agent[flag];
    return count ? [{ flag, count }] : [];
  });
}

/** The heartbeats a flag counts: "its last heartbeat", "its last 4 heartbeats in a row". */
export function lastHeartbeatsInWords(beats: number): string {
  return beats === 1 ? 'its last heartbeat' : `its last ${heartbeatsInWords(beats)} in a row`;
}

/** Why a flag is raised, in one line: what its badge says on hover. */
export function flagReason(flag: AgentFlag, { beats, after }: AgentFlagCount): string {
  const rule = `its reporting rule flags it after ${heartbeatsInWords(after)}`;
  return flag === 'silent'
    ? `No metric routed in ${lastHeartbeatsInWords(beats)} while reporting OK; ${rule}.`
    : `Errors rose in ${lastHeartbeatsInWords(beats)}; ${rule}.`;
}

/** The id of the agent page's card that charts a statistics series, so a flag's alert can lead to it. */
export function statisticCardId(series: keyof AgentStatistics): string {
  return `statistic-card-${series}`;
}
