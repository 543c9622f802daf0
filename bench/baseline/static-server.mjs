import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

// The ceiling for serving a rendered configuration: the same bytes and validators, held in memory, for any path.
// GET answers 200 with the body; HEAD the same headers without it. Anything else is 405.
const [portArg, bodyFile, headersJson] = process.argv.slice(2);
const port = Number(portArg);
if (!Number.isInteger(port) || port < 1 || port > 65535 || !bodyFile || !headersJson) {
  console.error('usage: node static-server.mjs <port> <body file> <headers as JSON>');
  process.exit(2);
}

const body = readFileSync(bodyFile);
const headers = { ...JSON.parse(headersJson), 'content-length': body.length };

const server = createServer((req, res) => {
  if (req.method === 'GET' || req.method === 'HEAD') {
    res.writeHead(200, headers);
    res.end(req.method === 'GET' ? body : undefined);
    return;
  }
  res.writeHead(405, { allow: 'GET, HEAD' }).end();
});

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
