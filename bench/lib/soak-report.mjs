import { execFileSync } from 'node:child_process';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { formatCount, formatMiB, formatMs } from './figures.mjs';
import { formatTable } from './markdown.mjs';
import { FLAT_WITHIN, HEARTBEAT_CONNECTIONS, LIVE_PROBE_MS, PAGE, UI_POLL_MS, WARMUP_SECONDS } from './soak.mjs';

/** The columns of the table printed as the soak goes, and of the summary's per-window table. */
const WINDOW_COLUMNS = [
  { header: 'window', align: 'left', width: 12 },
  { header: 'hb/s', width: 6 },
  { header: 'hb p50 ms', width: 9 },
  { header: 'hb p99 ms', width: 9 },
  { header: 'hb failed', width: 9 },
  { header: 'list p99 ms', width: 11 },
  { header: 'summary p99 ms', width: 14 },
  { header: 'live p99 ms', width: 11 },
  { header: 'live max ms', width: 11 },
  { header: 'heap MB (GCs)', width: 13 },
  { header: 'RSS MiB', width: 7 },
  { header: 'CPU %', width: 5 },
  { header: 'gen lag ms', width: 10 },
].map((column) => ({ align: 'right', ...column }));

/** What the soak is about to do, before the first window. */
export function describeStart({ minutes, agents, engine }, { controller, rate, windowSeconds, idle }) {
  return [
    `controller (${engine}, pid ${controller.child.pid}): API ${controller.apiUrl}, ` +
      `heartbeats ${controller.heartbeatUrl}`,
    `for ${minutes} min: ${formatCount(agents)} agents, one heartbeat a minute each (${formatRate(rate)}/s, evenly ` +
      `spaced); GET /api/agents?limit=${PAGE} and /api/agents/summary every ${UI_POLL_MS / 1000} s; ` +
      `GET /health/live every ${LIVE_PROBE_MS} ms`,
    `a row every ${windowSeconds} s; rows marked * are the warm-up lap (the first ${WARMUP_SECONDS} s create the ` +
      `agents); /health/live answered in ${formatMs(idle.p50Ms)} ms (p50) before any load. Ctrl-C stops early.`,
    '',
  ].join('\n');
}

/** The console table's header, then `formatConsoleRow` for each window as it closes. */
export function formatConsoleHeader() {
  const cells = WINDOW_COLUMNS.map((column) => column.header);
  return `${pad(cells)}\n${pad(WINDOW_COLUMNS.map((column) => '-'.repeat(column.width)))}`;
}

export function formatConsoleRow(row) {
  return pad(windowCells(row));
}

function pad(cells) {
  return cells
    .map((cell, i) => {
      const { align, width } = WINDOW_COLUMNS[i];
      return align === 'left' ? cell.padEnd(width) : cell.padStart(width);
    })
    .join('  ')
    .trimEnd();
}

function windowCells(row) {
  const hb = row.heartbeats;
  return [
    `${clock(row.startSeconds)}–${clock(row.endSeconds)}${row.warmup ? '*' : ''}`,
    formatCount(hb.sent / (row.endSeconds - row.startSeconds)),
    formatMs(hb.p50Ms),
    formatMs(hb.p99Ms),
    formatCount(hb.unexpectedCount + hb.errors),
    withFailures(row.list, row.list.p99Ms),
    withFailures(row.summary, row.summary.p99Ms),
    withFailures(row.live, row.live.p99Ms),
    formatMs(row.live.maxMs),
    row.heapSamples.length === 0
      ? '–'
      : `${row.heapMiB.toFixed(1)} (${row.heapForced ? 'forced' : row.heapSamples.length})`,
    (row.rssBytes / 1024 ** 2).toFixed(0),
    (row.cpuShare * 100).toFixed(0),
    formatMs(row.generatorLoop.p99Ms),
  ];
}

/** A latency, with the failed requests of the window (`!3` for three) when there were any. */
function withFailures(series, ms) {
  const failed = series.unexpectedCount + series.errors;
  return failed === 0 ? formatMs(ms) : `${formatMs(ms)} !${failed}`;
}

/** The verdict in one line, for the console and the exit code. */
export function describeVerdict(result) {
  const { heap } = result;
  if (!heap.judged) return `heap after full GCs: not judged (${heap.reason})`;
  const flat = heap.flat ? 'yes' : 'NO';
  return `heap after full GCs: ${describeHeapChange(heap)}; flat within ${FLAT_WITHIN * 100} %: ${flat}`;
}

function describeHeapChange({ first, last, change }) {
  return (
    `${first.heapMiB.toFixed(1)} MB (${windowName(first)}) → ${last.heapMiB.toFixed(1)} MB (${windowName(last)}), ` +
    `${signed(change)}`
  );
}

/**
 * The Markdown summary of a soak, for the console and `--out` (an operator pastes it into bench/RESULTS.md): what
 * ran where, the figures, every window, and how each figure is measured.
 */
export function renderSoakMarkdown(result, { command, generatedAt }) {
  const { rows, heap, rss, totals, idle } = result;
  const highest = (pick) =>
    rows.reduce((best, row) => (best === undefined || pick(row) > pick(best) ? row : best), undefined);
  const worstHeartbeat = highest((row) => row.heartbeats.p99Ms);
  const worstList = highest((row) => row.list.p99Ms);
  const worstSummary = highest((row) => row.summary.p99Ms);
  const worstLive = highest((row) => row.live.p99Ms);
  const worstLiveMax = highest((row) => row.live.maxMs);
  const at = (row, value) => (row === undefined ? 'n/a' : `${formatMs(value(row))} ms (${windowName(row)})`);
  const failures = (pick) => rows.reduce((sum, row) => sum + pick(row).unexpectedCount + pick(row).errors, 0);
  const unexpected = Object.entries(totals?.unexpected ?? {})
    .map(([status, count]) => `${formatCount(count)} × ${status}`)
    .join(', ');

  const figures = [
    [
      `heap after full GCs: median of the first window after the ${WARMUP_SECONDS} s warm-up → of the last window`,
      heap.judged ? describeHeapChange(heap) : `not judged: ${heap.reason}`,
    ],
    [`heap flat within ${FLAT_WITHIN * 100} %`, heap.judged ? (heap.flat ? '**yes**' : '**no**') : '**not judged**'],
    [
      'controller RSS: idle → after warm-up → end (peak)',
      [rss?.idleBytes, rss?.afterWarmupBytes, rss?.endBytes].map(mib).join(' → ') + ` (peak ${mib(rss?.peakBytes)})`,
    ],
    [
      'heartbeats sent, answered 202, other answers, errors',
      totals === undefined
        ? 'n/a'
        : `${formatCount(totals.sent)} in ${totals.elapsedSeconds.toFixed(0)} s ` +
          `(${formatRate(totals.sent / totals.elapsedSeconds)}/s); ${formatCount(totals.accepted)} × 202; ` +
          `${unexpected || 'no other answer'}; ${formatCount(totals.errors)} errors`,
    ],
    ['heartbeat p99, highest window', at(worstHeartbeat, (row) => row.heartbeats.p99Ms)],
    [`agent list p99 (\`GET /api/agents?limit=${PAGE}\`), highest window`, at(worstList, (row) => row.list.p99Ms)],
    ['agent summary p99 (`GET /api/agents/summary`), highest window', at(worstSummary, (row) => row.summary.p99Ms)],
    ['agent list / summary requests failed', `${failures((row) => row.list)} / ${failures((row) => row.summary)}`],
    [
      `event-loop delay (\`GET /health/live\` every ${LIVE_PROBE_MS} ms): p99 / max, highest window`,
      `${at(worstLive, (row) => row.live.p99Ms)} / ${at(worstLiveMax, (row) => row.live.maxMs)}; ` +
        `${formatMs(idle?.p50Ms)} ms idle`,
    ],
    [
      'controller CPU, share of one core over the soak',
      Number.isFinite(result.cpu) ? `${(result.cpu * 100).toFixed(1)} %` : 'n/a',
    ],
    [
      'agents stored at the end (`GET /api/agents` total)',
      result.stored === undefined ? 'n/a' : formatCount(result.stored),
    ],
  ];

  const slip = Math.max(0, ...rows.map((row) => row.heartbeats.maxLagMs));
  const machine = describeMachine();
  const lines = [
    `### Soak: ${formatCount(result.agents)} agents, ${result.minutes} min, ${engineName(result.engine)}`,
    '',
    `\`${command}\` at ${generatedAt}${result.interrupted ? ' (**stopped early with Ctrl-C**)' : ''}; ` +
      `Node ${machine.node} on ${machine.os}, ${machine.cpu}, ${machine.cores} cores, ${machine.memory}; load ` +
      `average ${machine.load} at the end; commit ${machine.commit}.`,
    '',
    formatTable(
      [
        { header: 'figure', align: 'left' },
        { header: 'value', align: 'left' },
      ],
      figures,
    ),
    '',
    `Every ${result.windowSeconds} s (* the warm-up lap, not judged):`,
    '',
    rows.length === 0
      ? '(no window completed)'
      : formatTable(
          WINDOW_COLUMNS.map(({ header, align }) => ({ header, align })),
          rows.map(windowCells),
        ),
    '',
    ...[
      `the controller is the built one (\`server/bin/telegraf-controller.js\`), started as operators run it, on a ` +
        `fresh ${result.engine === 'postgres' ? 'PostgreSQL database' : 'SQLite file'}, with node's ` +
        '`--trace-gc --expose-gc` and the preload below',
      `heartbeats: ${formatCount(result.agents)} agents from scripts/lib/fleet.mjs, one a minute each ` +
        `(${formatRate(result.rate)}/s evenly spaced, over ${HEARTBEAT_CONNECTIONS} keep-alive connections, with ` +
        'the bootstrap token); `hb failed` counts answers other than 202 and errors (timeouts at 10 s, resets)',
      `UI: every ${UI_POLL_MS / 1000} s \`GET /api/agents?limit=${PAGE}\` and \`GET /api/agents/summary\` in ` +
        'parallel; one poll in five filters by a status or searches part of a hostname; a window has ' +
        `${result.windowSeconds / (UI_POLL_MS / 1000)} of each, so its p99 is close to its maximum; ` +
        '`!n` marks n failed requests',
      `event-loop delay is measured from outside (the controller has no metrics endpoint): the latency of ` +
        `\`GET /health/live\` on the API port every ${LIVE_PROBE_MS} ms over one keep-alive connection, which ` +
        'waits for the event loop and then does almost nothing',
      '`heap MB (GCs)`: the median heap left after the full garbage collections (mark-compact, read from ' +
        "`--trace-gc`, the controller's main thread only) in the window, and how many V8 ran; `forced` when it ran " +
        'none and the soak had one run at the end of the window (node `--expose-gc`, a SIGUSR2 handler preloaded ' +
        'from bench/lib/soak-gc-signal.mjs: its pause falls in the next window). RSS is read from /proc at the end ' +
        'of each window; it follows how much heap V8 keeps committed, so it is shown but not judged',
      `\`gen lag ms\`: p99 event-loop delay of the soak process itself (the load generator); when it is high, ` +
        'every latency above includes it',
      `${result.fullCollections} full collections of the main thread in the windows, ${result.forcedCollections} ` +
        'of them forced',
      `the heartbeat schedule slipped by at most ${formatMs(slip)} ms ` +
        '(heartbeats sent late because the soak process was busy)',
      ...result.notes,
      ...result.problems.map((problem) => `**problem:** ${problem}`),
    ].map((line) => `- ${line}`),
  ];
  return `${lines.join('\n')}\n`;
}

function describeMachine() {
  const cores = cpus();
  return {
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    cpu: cores[0]?.model.trim() ?? 'unknown CPU',
    cores: cores.length,
    memory: `${(totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    load: loadavg()
      .map((load) => load.toFixed(2))
      .join(' / '),
    commit: describeCommit(),
  };
}

/** The commit, read without taking git's index lock (another process may be using the checkout). */
function describeCommit() {
  try {
    const git = (...args) =>
      execFileSync('git', ['--no-optional-locks', ...args], {
        cwd: new URL('../..', import.meta.url),
        encoding: 'utf8',
        timeout: 5000,
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    const dirty = git('status', '--porcelain', '--untracked-files=no') === '' ? '' : ' with uncommitted changes';
    return `${git('rev-parse', '--short', 'HEAD')}${dirty}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

export function windowName(row) {
  return `${clock(row.startSeconds)}–${clock(row.endSeconds)}`;
}

function clock(seconds) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

function mib(bytes) {
  return bytes === undefined ? 'n/a' : formatMiB(bytes);
}

function signed(share) {
  return `${share >= 0 ? '+' : ''}${(share * 100).toFixed(1)} %`;
}

function formatRate(value) {
  return Math.round(value).toLocaleString('en-US');
}

function engineName(engine) {
  return engine === 'postgres' ? 'PostgreSQL' : 'SQLite';
}
