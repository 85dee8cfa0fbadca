// Reference server for the bench: the minimal static server most people would write with node:http
// (stat, content-type by extension, Content-Length, Last-Modified, 404, keep-alive on, no logging).
// Usage: node bench/node-http-baseline.mjs <root> [--port N] [--host H]
import { createServer } from 'node:http';
import { createReadStream, stat } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const args = process.argv.slice(2);
const flag = (name, fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : fallback;
};
const root = resolve(args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--')) ?? '.');
const port = Number(flag('--port', '8000'));
const host = flag('--host', '127.0.0.1');

function send404(res) {
  res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': 10 });
  res.end('Not Found\n');
}

const server = createServer((req, res) => {
  let pathname;
  try {
    pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
  } catch {
    send404(res);
    return;
  }
  if (pathname.endsWith('/')) {
    pathname += 'index.html';
  }
  // Stay inside root: the one safety check a minimal static server cannot skip.
  const file = join(root, pathname);
  if (file !== root && !file.startsWith(root + sep)) {
    send404(res);
    return;
  }
  stat(file, (error, st) => {
    if (error || !st.isFile()) {
      send404(res);
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Length': st.size,
      'Last-Modified': st.mtime.toUTCString(),
    });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).on('error', () => res.destroy()).pipe(res);
  });
});

server.listen(port, host, () => {
  const address = server.address();
  console.log(`Serving ${root} at http://${address.address}:${address.port}/`);
});
