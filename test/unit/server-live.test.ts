// Live reload in the server, over real sockets: HTML answers get the client before </body> (and pages without
// tags too), with an exact Content-Length, an ETag distinct from the file's that still revalidates to 304, HEAD
// with the injected length, ranges and other types untouched; off means byte-exact; unsaved buffers (the overlay)
// are served with their own validator; a change invalidates the cache at once; the root watcher sees new folders.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fetchOnce, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { waitFor } from '../helpers/wait';
import { RootWatcher } from '../../src/core/files/rootWatcher';
import { PathPolicy } from '../../src/core/files/pathPolicy';
import { DEFAULT_POLICY } from '../../src/core/options';

const PAGE = '<!doctype html><html><body><p>hi</p></body></html>\n';
const BARE = 'just text, no tags\n';
const SCRIPT = '<script src="__raw-http/live.js"></script>';

const get = fetchOnce;

describe('live reload: what the server adds', () => {
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;
  beforeEach(async () => {
    tree = makeTree({ 'index.html': PAGE, 'bare.html': BARE, 'docs/a.html': PAGE, 'style.css': 'p{}' }, 'raw-http-live-');
    srv = await startServer({ root: tree.dir, liveReload: true });
  });
  afterEach(async () => {
    await srv.close();
    tree.cleanup();
  });

  it('injects the client before </body>, with an exact length and a note in the log', async () => {
    const before = srv.entries.length;
    const response = await get(srv, '/');
    const expected = PAGE.replace('</body>', `${SCRIPT}</body>`);
    assert.equal(response.body.toString(), expected);
    assert.equal(response.headers['content-length'], String(Buffer.byteLength(expected)));
    await waitFor(() => srv.entries.length > before, 2000, 'the log entry');
    assert.deepEqual(srv.entries[before].notes, ['live-reload client injected before </body>']);
  });

  it('the src is relative to the page, so it works behind a path prefix', async () => {
    assert.ok((await get(srv, '/docs/a.html')).body.toString().includes('<script src="../__raw-http/live.js"></script>'));
  });

  it('a page without any tag gets the client appended', async () => {
    assert.equal((await get(srv, '/bare.html')).body.toString(), BARE + SCRIPT);
  });

  it('the ETag differs from the file\'s, is stable, and revalidates to 304; HEAD reports the injected length', async () => {
    const first = await get(srv, '/index.html');
    const second = await get(srv, '/index.html');
    assert.match(first.headers.etag, /-live"$/);
    assert.equal(first.headers.etag, second.headers.etag);
    assert.equal((await get(srv, '/index.html', [`If-None-Match: ${first.headers.etag}`])).status, 304);
    const head = await get(srv, '/index.html', [], 'HEAD');
    assert.equal(head.headers['content-length'], first.headers['content-length']);
  });

  it('an injected page (200 and 304) carries the server id and the changes seen when its request came; CSS does not', async () => {
    const id = srv.server.live!.serverId;
    const first = await get(srv, '/index.html');
    assert.equal(first.headers['server-timing'], `raw-http-live;desc="${id}.0"`);
    srv.server.fileChanged(path.join(tree.dir, 'style.css'));
    const revalidated = await get(srv, '/index.html', [`If-None-Match: ${first.headers.etag}`]);
    assert.equal(revalidated.status, 304);
    assert.equal(revalidated.headers['server-timing'], `raw-http-live;desc="${id}.1"`, 'the page learns what is current');
    assert.equal((await get(srv, '/style.css')).headers['server-timing'], undefined);
  });

  it('CSS and other types are served byte-exact; the client script itself is served from the reserved path', async () => {
    assert.equal((await get(srv, '/style.css')).body.toString(), 'p{}');
    const script = await get(srv, '/__raw-http/live.js');
    assert.equal(script.status, 200);
    assert.match(script.headers['content-type'], /javascript/);
  });

  it('a change is seen at once: fileChanged invalidates the cache', async () => {
    await get(srv, '/style.css');
    fs.writeFileSync(path.join(tree.dir, 'style.css'), 'p{color:red}');
    srv.server.fileChanged(path.join(tree.dir, 'style.css'));
    assert.equal((await get(srv, '/style.css')).body.toString(), 'p{color:red}');
  });

  it('an overlay (unsaved buffer) is served instead of the disk, with a validator of its own', async () => {
    const full = path.join(tree.dir, 'style.css');
    srv.server.setOverlay({ get: (fullPath) => (fullPath === full ? { bytes: Buffer.from('p{color:blue}'), version: '7' } : undefined) });
    const response = await get(srv, '/style.css');
    assert.equal(response.body.toString(), 'p{color:blue}');
    assert.match(response.headers.etag, /buffer-7/);
    assert.equal(response.headers['last-modified'], undefined, 'an unsaved buffer has no modification date');
    srv.server.setOverlay(undefined);
    assert.equal((await get(srv, '/style.css')).body.toString(), 'p{}');
  });
});

describe('live reload off (the default) is byte-exact', () => {
  it('no script, the file\'s own ETag', async () => {
    const tree = makeTree({ 'index.html': PAGE }, 'raw-http-nolive-');
    const srv = await startServer({ root: tree.dir });
    try {
      const response = await get(srv, '/');
      assert.equal(response.body.toString(), PAGE);
      assert.doesNotMatch(response.headers.etag, /live/);
      assert.equal((await get(srv, '/__raw-http/live.js')).status, 404);
    } finally {
      await srv.close();
      tree.cleanup();
    }
  });
});

describe('root watcher', function () {
  this.timeout(10_000);
  it('reports changes in folders created after it started, and ignores .git, node_modules and refused names', async () => {
    const tree = makeTree({ 'a.txt': 'a' }, 'raw-http-watch-');
    const seen: string[] = [];
    const watcher = new RootWatcher(tree.dir, new PathPolicy(DEFAULT_POLICY), (fullPath) => seen.push(fullPath), () => undefined);
    watcher.start();
    try {
      await new Promise((resolve) => setTimeout(resolve, 100));
      fs.mkdirSync(path.join(tree.dir, 'new/deeper'), { recursive: true });
      await new Promise((resolve) => setTimeout(resolve, 200));
      fs.writeFileSync(path.join(tree.dir, 'new/deeper/page.html'), 'x');
      fs.mkdirSync(path.join(tree.dir, 'node_modules'));
      fs.writeFileSync(path.join(tree.dir, 'node_modules/x.js'), 'x');
      fs.writeFileSync(path.join(tree.dir, '.env'), 'x');
      await waitFor(() => seen.includes(path.join(tree.dir, 'new/deeper/page.html')), 5000, 'the change in a new folder');
      assert.ok(watcher.isIgnored('node_modules/x.js') && watcher.isIgnored('.env') && watcher.isIgnored('.git/index'));
      assert.ok(!seen.some((fullPath) => fullPath.includes('node_modules') || fullPath.endsWith('.env')), seen.join(', '));
    } finally {
      watcher.close();
      tree.cleanup();
    }
  });
});
