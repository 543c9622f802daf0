/** One heartbeat's count, and the window it covers: from the heartbeat before it (null for the first) to it. */
export type Bar = { kind: 'bar'; value: number; from: number | null; to: number };
/** A heartbeat that should have come and did not. */
export type Gap = { kind: 'gap'; from: number; to: number };

/** Spacing this many times the usual one means at least one heartbeat went missing. */
const MISSED_FACTOR = 2.5;

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Heartbeats (oldest first) as bars, with a gap where the spacing far exceeds the agent's usual interval, which is
 * inferred from the spacing itself.
 */
export function statisticBars(points: readonly { timestamp: number; value: number }[]): (Bar | Gap)[] {
  const spacings = points.slice(1).map((point, index) => point.timestamp - points[index]!.timestamp);
  const usual = spacings.length > 0 ? median(spacings) : 0;
  const slots: (Bar | Gap)[] = [];
  points.forEach((point, index) => {
    const before = index > 0 ? points[index - 1]!.timestamp : null;
    if (before !== null && usual > 0 && point.timestamp - before > usual * MISSED_FACTOR) {
      slots.push({ kind: 'gap', from: before, to: point.timestamp });
    }
    slots.push({ kind: 'bar', value: point.value, from: before, to: point.timestamp });
  });
  return slots;
}
