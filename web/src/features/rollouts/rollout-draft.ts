import type { LabelRef } from '@telegraf-controller/contract/labels';
import type { RolloutCohort, RolloutCreate, RolloutGates } from '@telegraf-controller/contract/rollouts';

export type CohortSelector = 'labels' | 'percent' | 'agents';
export const GATE_FIELDS = [
  'maxFailPercent',
  'maxNotReportingPercent',
  'maxNewlyErroringPercent',
  'minSample',
] as const satisfies readonly (keyof RolloutGates)[];
type GateField = (typeof GATE_FIELDS)[number];

/** One cohort as the form holds it: numbers as their text, every selector's value kept while another is chosen. */
export type CohortDraft = {
  /** Stable across reordering, for React keys. */
  key: number;
  name: string;
  selector: CohortSelector;
  labels: LabelRef[];
  percent: string;
  /** Agent ids, one a line (commas and spaces separate too). */
  agents: string;
  bakeSeconds: string;
} & Record<GateField, string>;

/** Field path → message, as `ApiError.fieldErrors()` names them: `version`, `cohorts.0.percent`, `cohorts.1`. */
export type DraftErrors = Record<string, string>;

export const MAX_COHORTS = 20;
export const MAX_BAKE_SECONDS = 604_800;
export const DEFAULT_BAKE_SECONDS = 600;

let nextKey = 0;

export function newCohort(percent = ''): CohortDraft {
  nextKey += 1;
  return {
    key: nextKey,
    name: '',
    selector: 'percent',
    labels: [],
    percent,
    agents: '',
    bakeSeconds: String(DEFAULT_BAKE_SECONDS),
    maxFailPercent: '',
    maxNotReportingPercent: '',
    maxNewlyErroringPercent: '',
    minSample: '',
  };
}

export const agentIds = (text: string) => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

/** A number within bounds, or the message that says why not; blank is undefined (the server's default). */
function numberIn(text: string, min: number, max: number, integer: boolean, exclusiveMin = false) {
  if (text.trim() === '') return { value: undefined };
  const value = Number(text);
  const low = exclusiveMin ? value <= min : value < min;
  if (!Number.isFinite(value) || low || value > max || (integer && !Number.isInteger(value))) {
    const kind = integer ? 'a whole number' : 'a number';
    return { error: `Enter ${kind} ${exclusiveMin ? `above ${min}` : `from ${min}`} up to ${max}.` };
  }
  return { value };
}

/**
 * The request a filled-in form makes, or the messages that keep it from being sent. The server checks all of this
 * again (and whether the version may be rolled out); these are the mistakes worth catching before the round trip.
 */
export function toRolloutCreate(
  versionText: string,
  drafts: readonly CohortDraft[],
): { body: RolloutCreate } | { errors: DraftErrors } {
  const errors: DraftErrors = {};
  const version = Number(versionText);
  if (!Number.isInteger(version) || version < 1) errors.version = 'Choose the version to roll out.';
  let lastPercent = 0;
  const cohorts = drafts.map((draft, index): RolloutCohort => {
    const at = `cohorts.${index}`;
    const cohort: RolloutCohort = {};
    if (draft.name.trim()) cohort.name = draft.name.trim();
    if (draft.selector === 'labels') {
      if (draft.labels.length === 0) errors[`${at}.labels`] = 'Choose at least one label.';
      cohort.labels = draft.labels.map((label) => label.id);
    } else if (draft.selector === 'agents') {
      const ids = agentIds(draft.agents);
      if (ids.length === 0) errors[`${at}.agents`] = 'Enter at least one agent id.';
      cohort.agents = ids;
    } else {
      const percent = numberIn(draft.percent, 0, 100, false, true);
      if (draft.percent.trim() === '') errors[`${at}.percent`] = 'Enter a share of all agents, above 0 up to 100.';
      else if (percent.error) errors[`${at}.percent`] = percent.error;
      else if (percent.value !== undefined && percent.value <= lastPercent)
        errors[`${at}.percent`] = `Shares add up: enter more than the ${lastPercent} % of an earlier cohort.`;
      if (percent.value !== undefined) {
        cohort.percent = percent.value;
        lastPercent = Math.max(lastPercent, percent.value);
      }
    }
    const bake = numberIn(draft.bakeSeconds, 0, MAX_BAKE_SECONDS, true);
    if (bake.error) errors[`${at}.bakeSeconds`] = bake.error;
    else if (bake.value !== undefined) cohort.bakeSeconds = bake.value;
    const gates: RolloutGates = {};
    for (const field of GATE_FIELDS) {
      const checked =
        field === 'minSample' ? numberIn(draft[field], 1, 1_000_000, true) : numberIn(draft[field], 0, 100, false);
      if (checked.error) errors[`${at}.gates.${field}`] = checked.error;
      else if (checked.value !== undefined) gates[field] = checked.value;
    }
    if (Object.keys(gates).length > 0) cohort.gates = gates;
    return cohort;
  });
  return Object.keys(errors).length > 0 ? { errors } : { body: { version, cohorts } };
}
