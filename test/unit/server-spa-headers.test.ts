// SPA fallback and per-path header rules over real sockets, with exact bytes: a missing extension-less document
// request gets the fallback file (and says so in the log), missing assets stay 404, and header rules add exactly
// their lines to the paths their globs match — validated rules only.

import * as assert from 'node:assert/strict';
import { fetchOnce, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { validateHeaderRules } from '../../src/core/options';
import { matchSegments } from '../../src/core/http/pathGlob';
import { formatSummaryLine } from '../../src/core/log/logFormat';
import { waitFor } from '../helpers/wait';

const INDEX = '<!doctype html><title>app</title>\n';

const get = fetchOnce;

describe('SPA fallback', () => {
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;
  before(async () => {
    tree = makeTree({ 'index.html': INDEX, 'app.js': 'x', 'docs/': '' }, 'raw-http-spa-');
    srv = await startServer({ root: tree.dir, spaFallback: '/index.html' });
  });
  after(async () => {
    await srv.close();
    tree.cleanup();
  });

  it('a missing document route (Accept: text/html) gets /index.html with 200, logged as the fallback', async () => {
    const before = srv.entries.length;
    const response = await get(srv, '/users/42', ['Accept: text/html,application/xhtml+xml']);
    assert.equal(response.status, 200);
    assert.equal(response.body.toString(), INDEX);
    await waitFor(() => srv.entries.length > before, 2000, 'the log entry');
    const entry = srv.entries[before];
    assert.deepEqual([entry.reason, entry.servedInstead], ['SPA fallback', '/index.html']);
    assert.match(formatSummaryLine(entry), /GET \/users\/42 {2}→ 200 .* SPA fallback → \/index\.html$/);
  });

  it('Sec-Fetch-Dest: document is a document request too; HEAD reports the same length', async () => {
    assert.equal((await get(srv, '/deep/route', ['Sec-Fetch-Dest: document'])).status, 200);
    const head = await get(srv, '/deep/route', ['Accept: text/html'], 'HEAD');
    assert.deepEqual([head.status, head.headers['content-length']], [200, String(Buffer.byteLength(INDEX))]);
  });

  for (const [target, lines, why] of [
    ['/missing.js', ['Accept: text/html'], 'a path with an extension is an asset'],
    ['/users/42', ['Accept: application/json'], 'a request that does not want a document'],
    ['/users/42', [], 'no Accept at all'],
  ] as const) {
    it(`404 for ${target} (${why})`, async () => {
      assert.equal((await get(srv, target, [...lines])).status, 404);
    });
  }

  it('an existing folder still redirects and lists; POST is still 405', async () => {
    assert.equal((await get(srv, '/docs', ['Accept: text/html'])).status, 301);
    assert.equal((await get(srv, '/users/1', ['Accept: text/html', 'Content-Length: 0'], 'POST')).status, 405);
  });
});

describe('header rules', () => {
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;
  before(async () => {
    tree = makeTree({ 'index.html': INDEX, 'app.js': 'x', 'api/data.json': '{}', 'lib/deep/mod.wasm': 'w' }, 'raw-http-hdr-');
    const { rules, problems } = validateHeaderRules([
      { glob: '**', name: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
      { glob: '**', name: 'Cross-Origin-Embedder-Policy', value: 'require-corp' },
      { glob: '/api/**', name: 'Cache-Control-Extension', value: 'api' },
      { glob: '*.wasm', name: 'X-Wasm', value: 'yes' },
      { glob: '**', name: 'Content-Length', value: '1' },
      { glob: '**', name: 'X-Bad', value: 'a\r\nInjected: 1' },
    ]);
    assert.equal(problems.length, 2, 'the framing header and the CRLF value are refused');
    srv = await startServer({ root: tree.dir, headers: rules });
  });
  after(async () => {
    await srv.close();
    tree.cleanup();
  });

  it('"**" rules reach files and 304s; path rules only their paths', async () => {
    const page = await get(srv, '/index.html');
    assert.match(page.head, /\r\nCross-Origin-Opener-Policy: same-origin\r\nCross-Origin-Embedder-Policy: require-corp\r\nContent-Length: /);
    assert.equal(page.headers['cache-control-extension'], undefined);
    assert.equal((await get(srv, '/api/data.json')).headers['cache-control-extension'], 'api');
    assert.equal((await get(srv, '/lib/deep/mod.wasm')).headers['x-wasm'], 'yes');
    const revalidated = await get(srv, '/index.html', [`If-None-Match: ${page.headers.etag}`]);
    assert.deepEqual([revalidated.status, revalidated.headers['cross-origin-opener-policy']], [304, 'same-origin']);
    assert.ok(!page.head.includes('Injected'), 'no refused rule is sent');
    assert.equal(page.headers['content-length'], String(Buffer.byteLength(INDEX)));
  });

  it('glob segments match in O(g·p), "**" spans any depth', () => {
    const split = (text: string) => text.split('/').filter(Boolean);
    assert.ok(matchSegments(split('/api/**'), split('/api/a/b/c')));
    assert.ok(matchSegments(split('/**/*.wasm'), split('/lib/deep/mod.wasm')));
    assert.ok(!matchSegments(split('/api/**'), split('/apix/a')));
    const long = Array.from({ length: 2000 }, () => 'a');
    const began = performance.now();
    assert.ok(!matchSegments(split('/**/a*a*a*a*b/**/c'), long));
    assert.ok(performance.now() - began < 200, 'a hostile glob against a deep path stays fast');
  });
});
