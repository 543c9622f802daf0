import { createServer } from 'node:http';

// The ceiling for accepting a heartbeat: read the whole body, then answer 204 with nothing, as fast as node:http
// can. No parsing, no authentication, no storing. GET /health answers 200 so the harness knows it listens.
const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('usage: node heartbeat-server.mjs <port>');
  process.exit(2);
}

const server = createServer((req, res) => {
  if (req.method === 'POST') {
    req.on('data', () => undefined);
    req.on('end', () => res.writeHead(204).end());
    return;
  }
  if (req.method === 'GET' && req.url === '/health') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    return;
  }
  res.writeHead(404).end();
});

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
