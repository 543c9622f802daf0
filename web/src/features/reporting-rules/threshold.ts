/** The units a threshold is entered in, largest last. */
export const THRESHOLD_UNITS = [
  { value: 'seconds', label: 'seconds', seconds: 1 },
  { value: 'minutes', label: 'minutes', seconds: 60 },
  { value: 'hours', label: 'hours', seconds: 3_600 },
  { value: 'days', label: 'days', seconds: 86_400 },
] as const;

export type ThresholdUnit = (typeof THRESHOLD_UNITS)[number]['value'];

const SECONDS: Record<ThresholdUnit, number> = Object.fromEntries(
  THRESHOLD_UNITS.map((unit) => [unit.value, unit.seconds]),
) as Record<ThresholdUnit, number>;

/** A stored threshold as the form shows it: in the largest unit that divides it evenly (180 → 3 minutes). */
export function splitThreshold(seconds: number): { amount: string; unit: ThresholdUnit } {
  const unit = [...THRESHOLD_UNITS].reverse().find((candidate) => seconds % candidate.seconds === 0)!;
  return { amount: String(seconds / unit.seconds), unit: unit.value };
}

/** The form's amount and unit in seconds; null unless the amount is a positive whole number of seconds. */
export function thresholdSeconds(amount: string, unit: string): number | null {
  const value = Number(amount.trim());
  const size = SECONDS[unit as ThresholdUnit];
  if (!amount.trim() || !Number.isFinite(value) || value <= 0 || size === undefined) return null;
  const seconds = value * size;
  return Number.isInteger(seconds) ? seconds : null;
}

const WORDS: ReadonlyArray<[number, string, string]> = [
  [86_400, 'day', 'days'],
  [3_600, 'hr', 'hr'],
  [60, 'min', 'min'],
  [1, 'sec', 'sec'],
];

/** A threshold in words, at most two parts: 180 → "3 min", 5400 → "1 hr 30 min", 90000 → "1 day 1 hr". */
export function thresholdInWords(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [size, one, many] of WORDS) {
    const count = Math.floor(rest / size);
    if (count === 0) continue;
    parts.push(`${count} ${count === 1 ? one : many}`);
    rest -= count * size;
    if (parts.length === 2) break;
  }
  return parts.join(' ') || '0 sec';
}

/** A count of heartbeats in words: "1 heartbeat", "3 heartbeats". */
export function heartbeatsInWords(count: number): string {
  return `${count.toLocaleString()} heartbeat${count === 1 ? '' : 's'}`;
}

/** A rule's Silent or Degrading threshold in words, 0 being off: "Never", "After 3 heartbeats". */
export function beatsThresholdInWords(beats: number): string {
  return beats === 0 ? 'Never' : `After ${heartbeatsInWords(beats)}`;
}
