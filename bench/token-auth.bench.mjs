import { randomBytes } from 'node:crypto';
import { describeExit } from './lib/child.mjs';
import { measureAgainstBaseline } from './lib/load.mjs';
import { ratioTarget } from './lib/outcome.mjs';
import { fetchText } from './lib/probe.mjs';
import { startController, stopController } from './lib/servers.mjs';

export const name = 'GET /api/auth/me (API token)';
// The cost of token authentication on one controller: the baseline is the same route without a credential, which
// the access check answers 401 before any handler runs, so the ratio is what checking the token (and answering
// who the caller is) costs on top of the framework's fixed cost per request.
export const target = ratioTarget(0.8, 'unauthenticated');
export const sides = { controller: 'token', baseline: 'no credential' };

const PATH = '/api/auth/me';
const OWNER = {
  OWNER_USERNAME: 'bench-owner',
  OWNER_EMAIL: 'bench@example.test',
  OWNER_PASSWORD: 'bench-owner-password',
};

export async function run(settings) {
  const notes = [];
  const problems = [];
  // A fresh value each run: the controller creates the owner and provisions it as a full-access bootstrap token.
  const token = `tc-apiv1_${randomBytes(32).toString('hex')}`;
  const controller = await startController({ env: { ...OWNER, OWNER_TOKEN: token } });
  let measured;
  try {
    // Both sides load the same process and the same URL; only the Authorization header differs.
    const url = `${controller.apiUrl}${PATH}`;
    const authorization = { authorization: `Bearer ${token}` };
    problems.push(...checkAuthenticated(await fetchText(url, 1000, authorization), notes));
    problems.push(...checkUnauthenticated(await fetchText(url), notes));
    if (problems.length > 0) throw new Error(`the controller does not answer as expected: ${problems.join('; ')}`);
    notes.push('both sides are the same controller process; every unauthenticated answer must be 401');
    measured = await measureAgainstBaseline(
      { controller: url, baseline: url },
      settings,
      {},
      { controller: { request: { headers: authorization } }, baseline: { expectStatus: 401 } },
    );
  } finally {
    const exit = await stopController(controller);
    if (exit.code !== 0) {
      const output = controller.output().trim().slice(-600);
      problems.push(`controller did not exit 0 on SIGTERM (${describeExit(exit)})${output ? `: ${output}` : ''}`);
    }
  }
  return { ...measured, notes, problems };
}

function describe(side, response, notes) {
  const bytes = Buffer.byteLength(response.body);
  notes.push(`${side} answers ${response.status} with ${bytes} bytes (${response.headers['content-type']})`);
  try {
    return JSON.parse(response.body);
  } catch {
    return undefined;
  }
}

/** The bootstrap token from OWNER_TOKEN must be accepted as the owner's; returns the problems found. */
function checkAuthenticated(response, notes) {
  const body = describe(sides.controller, response, notes);
  const ok =
    response.status === 200 &&
    body?.via === 'token' &&
    body?.user?.username === OWNER.OWNER_USERNAME &&
    String(body?.token?.name).startsWith('bootstrap-token');
  if (ok) return [];
  return [
    `with the OWNER_TOKEN value, ${PATH} answered ${response.status} ${response.body.slice(0, 200)} ` +
      `instead of 200 with via "token" for ${OWNER.OWNER_USERNAME}'s bootstrap token`,
  ];
}

/** Without a credential the access check must refuse with a problem document; returns the problems found. */
function checkUnauthenticated(response, notes) {
  const body = describe(sides.baseline, response, notes);
  const type = String(response.headers['content-type']);
  if (response.status === 401 && type.startsWith('application/problem+json') && body?.status === 401) return [];
  return [
    `without a credential, ${PATH} answered ${response.status} (${type}) ${response.body.slice(0, 200)} ` +
      'instead of 401 application/problem+json',
  ];
}
