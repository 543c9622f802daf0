import { describeExit, stopServer } from './lib/child.mjs';
import { measureServer } from './lib/load.mjs';
import { fetchText } from './lib/probe.mjs';
import { startBaseline, startController, stopController } from './lib/servers.mjs';

export const name = 'GET /health/live';
// The spec sets no target for liveness; the ratio is recorded to show the framework's fixed cost per request.
export const target = null;

const PATH = '/health/live';

export async function run(settings) {
  const notes = [];
  const problems = [];

  const controller = await startController();
  let controllerStats;
  try {
    const url = `${controller.apiUrl}${PATH}`;
    problems.push(...checkAnswer('controller', await fetchText(url), notes));
    controllerStats = await measureServer(url, settings);
  } finally {
    const exit = await stopController(controller);
    if (exit.code !== 0) {
      const output = controller.output().trim().slice(-600);
      problems.push(`controller did not exit 0 on SIGTERM (${describeExit(exit)})${output ? `: ${output}` : ''}`);
    }
  }

  const baseline = await startBaseline('health-server.mjs', PATH);
  let baselineStats;
  try {
    const url = `${baseline.url}${PATH}`;
    problems.push(...checkAnswer('baseline', await fetchText(url), notes));
    baselineStats = await measureServer(url, settings);
  } finally {
    await stopServer(baseline);
  }

  return { controller: controllerStats, baseline: baselineStats, notes, problems };
}

/** Both sides must give the same answer, or the comparison is unfair; returns the problems found. */
function checkAnswer(side, response, notes) {
  const bytes = Buffer.byteLength(response.body);
  notes.push(`${side} answers ${response.status} with ${bytes} bytes (${response.headers['content-type']})`);
  let body;
  try {
    body = JSON.parse(response.body);
  } catch {
    body = undefined;
  }
  if (response.status === 200 && body?.status === 'ok') return [];
  return [`${side} answered ${response.status} ${response.body.slice(0, 200)} instead of 200 {"status":"ok"}`];
}
