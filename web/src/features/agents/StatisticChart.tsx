import '@mantine/charts/styles.css';
import { BarChart } from '@mantine/charts';
import { Tooltip, type MantineColor } from '@mantine/core';
import { useState } from 'react';
import { CHARTED_HEARTBEATS } from './agents.queries';
import { statisticBars } from './statistic-bars';

const HEIGHT = 48;

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** One slot of the chart: a heartbeat's count, a missed heartbeat (no bar), or room not yet filled (no tooltip). */
type Row = { slot: string; count: number | null; window: string | null };

type StatisticChartProps = {
  /** What is counted, e.g. "errors". */
  name: string;
  points: readonly { timestamp: number; value: number }[];
  color: MantineColor;
};

function windowOf(from: number | null, to: number): string {
  return `${from === null ? '…' : TIME.format(from)}–${TIME.format(to)}`;
}

/** The heartbeats as rows, room for a full history before them so the latest is always at the right edge. */
function rowsOf(points: StatisticChartProps['points']): Row[] {
  const slots = statisticBars(points).map(
    (slot): Row => ({
      slot: `${slot.kind}-${slot.to}`,
      count: slot.kind === 'bar' ? slot.value : null,
      window: windowOf(slot.from, slot.to),
    }),
  );
  const room = Array.from(
    { length: Math.max(0, CHARTED_HEARTBEATS - slots.length) },
    (_, index): Row => ({ slot: `room-${index}`, count: null, window: null }),
  );
  return [...room, ...slots];
}

/** What hovering a slot tells: its count and window, or that the heartbeat was missed; nothing for empty room. */
function describe(row: Row, name: string): string | null {
  if (row.window === null) return null;
  return row.count === null ? `No heartbeat: ${row.window}` : `${row.count.toLocaleString()} ${name}: ${row.window}`;
}

/** A bar per recent heartbeat, scaled to the largest; hovering a slot tells its count and the window it covers. */
export function StatisticChart({ name, points, color }: StatisticChartProps) {
  const [hovered, setHovered] = useState<number | null>(null);
  const rows = rowsOf(points);
  const max = Math.max(1, ...points.map((point) => point.value));
  const label = hovered === null || rows[hovered] === undefined ? null : describe(rows[hovered], name);
  return (
    // The chart sits in a small card: a floating tooltip in a portal is never clipped by it, nor covers the bars.
    <Tooltip.Floating label={label} disabled={label === null}>
      <BarChart
        h={HEIGHT}
        role="img"
        aria-label={`${name} in the last ${points.length} heartbeats`}
        data={rows}
        dataKey="slot"
        series={[{ name: 'count', label: name, color }]}
        withXAxis={false}
        withYAxis={false}
        yAxisProps={{ domain: [0, max] }}
        // Only a baseline, drawn beneath the bars so a heartbeat that counted nothing stays visible on it.
        gridAxis="x"
        gridColor="gray.3"
        gridProps={{ horizontalValues: [0], strokeDasharray: '0' }}
        // A heartbeat that counted nothing still shows, in grey; a missed one shows nothing.
        getBarColor={(count) => (count > 0 ? color : 'gray.4')}
        barProps={{ radius: 1, minPointSize: (count) => (count == null ? 0 : 1) }}
        barChartProps={{
          barCategoryGap: 1,
          margin: { top: 0, right: 0, bottom: 0, left: 0 },
          onMouseMove: (state) => setHovered(state.activeTooltipIndex ?? null),
          onMouseLeave: () => setHovered(null),
        }}
        // The chart's own tooltip only marks the hovered slot; the text is in the floating tooltip.
        tooltipProps={{ content: () => null }}
      />
    </Tooltip.Floating>
  );
}
