import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeExit, onBenchExit, stopServer } from './child.mjs';
import { measureAgainstBaseline } from './load.mjs';
import { fetchRaw, requestText } from './probe.mjs';
import { startBaseline, startController, stopController } from './servers.mjs';

// What an agent's URL carries: one value for each of the template's five parameters.
const PARAMETERS = { agent_id: 'a1', dc: 'eu', rack: 'r7', env: 'prod', interval: '10s' };
const TEMPLATE_BYTES = 20 * 1024;
const OWNER = {
  OWNER_USERNAME: 'bench-owner',
  OWNER_EMAIL: 'bench@example.test',
  OWNER_PASSWORD: 'bench-owner-password',
};
// The validators an agent compares, and the type it is served with: the baseline answers with the same values.
const SERVED_HEADERS = ['content-type', 'etag', 'last-modified', 'cache-control'];

/**
 * GET or HEAD of a ~20 KB configuration with 5 parameters, as a polling agent asks for it (with its API token),
 * against a bare node:http server answering the same bytes and headers from memory. Starts both, checks that
 * they answer alike, loads them with `method` and stops them; resolves to what `run()` of a benchmark returns.
 */
export async function measureTomlServing(settings, method) {
  const notes = [];
  const problems = [];
  const token = `tc-apiv1_${randomBytes(32).toString('hex')}`;
  const authorization = { authorization: `Bearer ${token}` };
  const controller = await startController({ env: { ...OWNER, OWNER_TOKEN: token } });
  const bodyDir = mkdtempSync(join(tmpdir(), 'telegraf-controller-bench-toml-'));
  const releaseBodyDir = onBenchExit(() => rmSync(bodyDir, { recursive: true, force: true }));
  let baseline;
  let measured;
  try {
    const template = benchTemplate(`${controller.heartbeatUrl}/agents/heartbeat`);
    const id = await createConfig(controller.apiUrl, authorization, template);
    const path = `/api/configs/${id}/toml?${new URLSearchParams(PARAMETERS)}`;
    const served = await requestText(`${controller.apiUrl}${path}`, { headers: authorization, timeoutMs: 5000 });
    if (served.status !== 200) {
      throw new Error(`GET ${path} answered ${served.status} ${served.body.slice(0, 300)} instead of 200`);
    }
    const headers = Object.fromEntries(SERVED_HEADERS.map((name) => [name, served.headers[name]]));
    const bodyFile = join(bodyDir, 'served.toml');
    writeFileSync(bodyFile, served.body);
    notes.push(
      `template of ${Buffer.byteLength(template)} bytes with 5 parameters (${Object.keys(PARAMETERS).join(', ')}); ` +
        `served as ${Buffer.byteLength(served.body)} bytes, ${headers['content-type']}, ETag ${headers.etag}`,
    );
    baseline = await startBaseline('static-server.mjs', '/', [bodyFile, JSON.stringify(headers)]);
    const urls = { controller: `${controller.apiUrl}${path}`, baseline: `${baseline.url}${path}` };
    const expected = { status: 200, headers, body: method === 'HEAD' ? '' : served.body };
    for (const side of ['controller', 'baseline']) {
      const headersOf = side === 'controller' ? authorization : {};
      const response = await requestText(urls[side], { method, headers: headersOf, timeoutMs: 5000 });
      problems.push(...checkAnswer(side, method, response, expected, Buffer.byteLength(served.body), notes));
      // Node's client drops a body sent to HEAD, and autocannon's parser would read one as the next answer.
      if (method === 'HEAD') {
        const raw = await fetchRaw(urls[side], { method, headers: headersOf, timeoutMs: 5000 });
        if (raw.rest.length > 0) problems.push(`${side} sent ${raw.rest.length} bytes of body after HEAD headers`);
      }
    }
    if (problems.length > 0) throw new Error(`the two sides do not answer alike: ${problems.join('; ')}`);
    notes.push(
      'the controller side sends `Authorization: Bearer <token>` as a polling agent does; the baseline ignores it',
    );
    measured = await measureAgainstBaseline(
      urls,
      settings,
      { method },
      { controller: { request: { headers: authorization } } },
    );
  } finally {
    if (baseline) await stopServer(baseline);
    rmSync(bodyDir, { recursive: true, force: true });
    releaseBodyDir();
    const exit = await stopController(controller);
    if (exit.code !== 0) {
      const output = controller.output().trim().slice(-600);
      problems.push(`controller did not exit 0 on SIGTERM (${describeExit(exit)})${output ? `: ${output}` : ''}`);
    }
  }
  return { ...measured, notes, problems };
}

async function createConfig(apiUrl, authorization, toml) {
  const response = await requestText(`${apiUrl}/api/configs`, {
    method: 'POST',
    headers: { ...authorization, 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'bench-20k', toml }),
    timeoutMs: 10_000,
  });
  let body;
  try {
    body = JSON.parse(response.body);
  } catch {
    body = undefined;
  }
  if (response.status === 201 && typeof body?.id === 'string') return body.id;
  const errors = body?.errors ? `; errors: ${JSON.stringify(body.errors).slice(0, 1500)}` : '';
  throw new Error(
    `POST /api/configs answered ${response.status} ${response.body.slice(0, 300)} instead of 201${errors}`,
  );
}

/** Same status, the same four headers, the same Content-Length and the same body (none for HEAD). */
function checkAnswer(side, method, response, expected, getLength, notes) {
  const found = [];
  notes.push(
    `${side} answers ${method} with ${response.status}, ${Buffer.byteLength(response.body)} bytes of body, ` +
      `Content-Length ${response.headers['content-length']}`,
  );
  if (response.status !== expected.status) found.push(`status ${response.status}`);
  for (const name of SERVED_HEADERS) {
    if (response.headers[name] !== expected.headers[name]) found.push(`${name} ${response.headers[name]}`);
  }
  if (response.headers['content-length'] !== String(getLength)) {
    found.push(`content-length ${response.headers['content-length']} (GET body: ${getLength})`);
  }
  if (response.body !== expected.body) found.push(`a body of ${Buffer.byteLength(response.body)} other bytes`);
  return found.length === 0 ? [] : [`${side} answered ${method} with ${found.join(', ')}`];
}

/**
 * A valid Telegraf configuration of about 20 KB using exactly five parameters: `dc`, `rack`, `env` (default
 * `prod`), `agent_id` and `interval` (default `10s`), padded with distinct `http_response` checks.
 */
export function benchTemplate(heartbeatUrl) {
  const head = `# Benchmark configuration: about 20 KB, five parameters.
[global_tags]
  dc = "&{dc}"
  rack = "&{rack}"
  env = "&{env:prod}"

[agent]
  interval = "&{interval:10s}"
  round_interval = true
  metric_batch_size = 1000
  metric_buffer_limit = 10000
  collection_jitter = "0s"
  flush_interval = "10s"
  flush_jitter = "0s"
  omit_hostname = false

[[outputs.heartbeat]]
  url = "${heartbeatUrl}"
  instance_id = "&{agent_id}"
  interval = "1m"
  include = ["hostname", "statistics", "configs"]

[[inputs.cpu]]
  interval = "&{interval:10s}"
  percpu = true
  totalcpu = true
  collect_cpu_time = false
  report_active = false

[[inputs.mem]]
  interval = "&{interval:10s}"

[[inputs.disk]]
  ignore_fs = ["tmpfs", "devtmpfs", "devfs", "overlay", "aufs", "squashfs"]

[[inputs.system]]
`;
  const blocks = [head];
  let bytes = Buffer.byteLength(head);
  for (let i = 1; bytes < TEMPLATE_BYTES; i += 1) {
    const n = String(i).padStart(3, '0');
    const block = `
[[inputs.http_response]]
  urls = ["http://service-${n}.internal:8080/health"]
  method = "GET"
  response_timeout = "5s"
  follow_redirects = false
  response_status_code = 200
  response_string_match = "ok"
  [inputs.http_response.tags]
    service = "service-${n}"
`;
    blocks.push(block);
    bytes += Buffer.byteLength(block);
  }
  return blocks.join('');
}
