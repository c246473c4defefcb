'use strict';
// The ground-truth server for Node.js: the same routes as GroundTruthServer.java, on 127.0.0.1.
// GET /users/{id} 200, GET /missing 404, GET /boom 500, GET /slow 200 after 50 ms, POST /echo 200
// with the request body as the response body; anything else 404. Prints "listening on PORT".
const http = require('http');

const port = Number(process.argv[2]);

function reply(res, status, body) {
  res.writeHead(status, { 'Content-Type': 'application/octet-stream', 'Content-Length': body.length });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const path = req.url.split('?')[0];
    if (req.method === 'GET' && /^\/users\/\d+$/.test(path)) {
      reply(res, 200, Buffer.from(`{"id":${path.substring('/users/'.length)}}\n`));
    } else if (req.method === 'GET' && path === '/boom') {
      reply(res, 500, Buffer.from('boom\n'));
    } else if (req.method === 'GET' && path === '/slow') {
      setTimeout(() => reply(res, 200, Buffer.from('slow\n')), 50);
    } else if (req.method === 'POST' && path === '/echo') {
      reply(res, 200, Buffer.concat(chunks));
    } else {
      reply(res, 404, Buffer.from('not found\n'));
    }
  });
});
// Longer than the whole run, so no keep-alive connection is closed under a client about to reuse it.
server.keepAliveTimeout = 120000;
server.listen(port, '127.0.0.1', () => console.log(`listening on ${server.address().port}`));
