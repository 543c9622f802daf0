import { describeExit, stopServer } from './lib/child.mjs';
import { measureAgainstBaseline } from './lib/load.mjs';
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
  let baseline;
  let measured;
  try {
    baseline = await startBaseline('health-server.mjs', PATH);
    const urls = { controller: `${controller.apiUrl}${PATH}`, baseline: `${baseline.url}${PATH}` };
    for (const side of ['controller', 'baseline']) {
      problems.push(...checkAnswer(side, await fetchText(urls[side]), notes));
    }
    measured = await measureAgainstBaseline(urls, settings);
  } finally {
    if (baseline) await stopServer(baseline);
    const exit = await stopController(controller);
    if (exit.code !== 0) {
      const output = controller.output().trim().slice(-600);
      problems.push(`controller did not exit 0 on SIGTERM (${describeExit(exit)})${output ? `: ${output}` : ''}`);
    }
  }
  return { ...measured, notes, problems };
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
