import { createServer } from 'node:http';

// The ceiling for GET /health/live: the least work node:http can do to answer it correctly.
const port = Number(process.argv[2]);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('usage: node health-server.mjs <port>');
  process.exit(2);
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/health/live') {
    const body = JSON.stringify({ status: 'ok' });
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(body),
    });
    res.end(body);
    return;
  }
  res.writeHead(404).end();
});

server.listen(port, '127.0.0.1');
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
