import { requestText } from './probe.mjs';

/**
 * One JSON call to the controller's API with `Bearer <token>`; resolves to the parsed answer, rejects with the
 * server's problem document when the status is not 2xx, so a benchmark never measures a fleet it failed to build.
 */
export async function callApi(apiUrl, token, method, path, body) {
  const response = await requestText(`${apiUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    timeoutMs: 30_000,
  });
  if (response.status < 200 || response.status > 299) {
    throw new Error(`${method} ${path} answered ${response.status}: ${response.body.slice(0, 600)}`);
  }
  return response.body === '' ? undefined : JSON.parse(response.body);
}

/** Creates a small valid configuration through `POST /api/configs`; resolves to its id. */
export async function createConfig(apiUrl, token, name) {
  const toml = `# ${name}
[agent]
  interval = "10s"

[[inputs.cpu]]
  percpu = true

[[outputs.heartbeat]]
  url = "http://controller:8000/agents/heartbeat"
  instance_id = "&{agent_id}"
  interval = "1m"
`;
  return (await callApi(apiUrl, token, 'POST', '/api/configs', { name, toml })).id;
}

/** The URL an agent reports for a controller configuration (its host is the agent's view, never looked at). */
export function configUrl(configId) {
  return `http://x:8888/api/configs/${configId}/toml`;
}

/** Calls `call(chunk)` for consecutive chunks of at most `size` items (bulk endpoints take 500 ids). */
export async function inChunks(items, size, call) {
  for (let start = 0; start < items.length; start += size) await call(items.slice(start, start + size));
}
