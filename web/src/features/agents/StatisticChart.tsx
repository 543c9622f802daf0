import { CHARTED_HEARTBEATS } from './agents.queries';
import { statisticBars } from './statistic-bars';

const WIDTH = 240;
const HEIGHT = 48;
const SLOT_GAP = 2;

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

type StatisticChartProps = {
  /** What is counted, e.g. "errors". */
  name: string;
  points: readonly { timestamp: number; value: number }[];
  color: string;
};

/** A bar per recent heartbeat, scaled to the largest; hovering a bar tells its count and the window it covers. */
export function StatisticChart({ name, points, color }: StatisticChartProps) {
  const slots = statisticBars(points);
  const max = Math.max(1, ...points.map((point) => point.value));
  // Room for a full history whatever has arrived yet, the latest heartbeat at the right edge.
  const slotWidth = WIDTH / Math.max(slots.length, CHARTED_HEARTBEATS);
  const offset = WIDTH - slots.length * slotWidth;
  const barWidth = Math.max(1, slotWidth - SLOT_GAP);
  return (
    <svg
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      width="100%"
      height={HEIGHT}
      preserveAspectRatio="none"
      role="img"
      aria-label={`${name} in the last ${points.length} heartbeats`}
    >
      <line x1={0} x2={WIDTH} y1={HEIGHT - 0.5} y2={HEIGHT - 0.5} stroke="var(--mantine-color-gray-3)" />
      {slots.map((slot, index) => {
        const x = offset + index * slotWidth;
        const window = `${slot.from === null ? '…' : TIME.format(slot.from)}–${TIME.format(slot.to)}`;
        if (slot.kind === 'gap') {
          return (
            <rect key={`gap-${slot.to}`} x={x} y={0} width={barWidth} height={HEIGHT} fill="transparent">
              <title>{`No heartbeat: ${window}`}</title>
            </rect>
          );
        }
        const height = Math.max(1, (slot.value / max) * (HEIGHT - 2));
        return (
          <g key={slot.to}>
            <rect x={x} y={0} width={barWidth} height={HEIGHT} fill="transparent">
              <title>{`${slot.value.toLocaleString()} ${name}: ${window}`}</title>
            </rect>
            <rect
              x={x}
              y={HEIGHT - height}
              width={barWidth}
              height={height}
              rx={1}
              fill={slot.value > 0 ? color : 'var(--mantine-color-gray-4)'}
              pointerEvents="none"
            />
          </g>
        );
      })}
    </svg>
  );
}
