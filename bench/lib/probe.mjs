import { request } from 'node:http';
import { connect } from 'node:net';

/**
 * One GET with a hard timeout, sending `headers` as well; resolves with status, headers and body text, rejects on
 * any socket error.
 */
export function fetchText(url, timeoutMs = 1000, headers = {}) {
  return requestText(url, { timeoutMs, headers });
}

/**
 * One request of any method with a hard timeout, sending `headers` and `body` (a string or Buffer) if given;
 * resolves with status, headers and body text, rejects on any socket error.
 */
export function requestText(url, { method = 'GET', headers = {}, body, timeoutMs = 1000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers, agent: false, timeout: timeoutMs }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * One request over a bare socket with `Connection: close`, read to the end: `head` is the status line and headers,
 * `rest` every byte after the blank line. Node's client drops a body sent to HEAD; this shows whether there was one.
 */
export function fetchRaw(url, { method = 'GET', headers = {}, timeoutMs = 1000 } = {}) {
  const { hostname, port, pathname, search } = new URL(url);
  const lines = [`${method} ${pathname}${search} HTTP/1.1`, `host: ${hostname}:${port}`, 'connection: close'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const chunks = [];
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new Error(`no end of answer from ${url} within ${timeoutMs} ms`)),
    );
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('end', () => {
      const all = Buffer.concat(chunks);
      const end = all.indexOf('\r\n\r\n');
      if (end < 0) reject(new Error(`${url} closed before the end of its headers`));
      else resolve({ head: all.subarray(0, end).toString('latin1'), rest: all.subarray(end + 4) });
    });
    socket.write(`${lines.join('\r\n')}\r\n\r\n`);
  });
}
