// The VS Code layer's live-reload parts that need no VS Code: the file → URL mapping behind Open with Raw HTTP
// Server / Open in Browser / the preview, the buffer overlay as the core reads it, and listenWithFallback passing
// the DevServerParts through (the extension's { watcher: 'external' }).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { listenWithFallback } from '../../src/core/listen';
import { BufferOverlay } from '../../src/vscode/live/bufferOverlay';
import { isHtmlFile, pageUrl } from '../../src/vscode/live/pageUrl';
import { parseResponses, rawExchange, request } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

describe('vscode live: page URLs', () => {
  const root = path.join(path.sep, 'ws', 'site');

  it('maps a file inside the root to its path under the base URL', () => {
    assert.equal(pageUrl('http://127.0.0.1:8000/', [root], path.join(root, 'index.html')), 'http://127.0.0.1:8000/index.html');
    assert.equal(pageUrl('http://127.0.0.1:8000/', [root], path.join(root, 'docs', 'a.html')), 'http://127.0.0.1:8000/docs/a.html');
    assert.equal(pageUrl('http://127.0.0.1:8000/', [root], root), 'http://127.0.0.1:8000/');
  });

  it('keeps the base path (code-server\'s /proxy/PORT/) and percent-encodes each segment', () => {
    assert.equal(pageUrl('http://127.0.0.1:9/proxy/8000/', [root], path.join(root, 'a b', 'x#?%.html')),
      'http://127.0.0.1:9/proxy/8000/a%20b/x%23%3F%25.html');
    // A first segment with a colon must not read as a scheme.
    assert.equal(pageUrl('http://127.0.0.1:8000/', [root], path.join(root, 'c:d.html')), 'http://127.0.0.1:8000/c%3Ad.html');
  });

  it('refuses files outside the root, including a sibling sharing its prefix', () => {
    assert.equal(pageUrl('http://127.0.0.1:8000/', [root], path.join(path.sep, 'ws', 'index.html')), undefined);
    assert.equal(pageUrl('http://127.0.0.1:8000/', [root], path.join(path.sep, 'ws', 'site-old', 'index.html')), undefined);
  });

  it('accepts the root\'s real path as a second root', () => {
    const real = path.join(path.sep, 'real', 'site');
    assert.equal(pageUrl('http://127.0.0.1:8000/', [root, real], path.join(real, 'a.html')), 'http://127.0.0.1:8000/a.html');
  });

  it('recognises HTML by language id or by .html/.htm in any case', () => {
    assert.ok(isHtmlFile('/x/a.html'));
    assert.ok(isHtmlFile('/x/a.HTM'));
    assert.ok(isHtmlFile('/x/page', 'html'));
    assert.ok(!isHtmlFile('/x/a.css', 'css'));
    assert.ok(!isHtmlFile('/x/a.html.txt'));
  });
});

describe('vscode live: buffer overlay and listenWithFallback parts', () => {
  it('passes the parts through: watcher "external" starts no fs.watch; the overlay serves and then yields to the disk', async () => {
    const tree = makeTree({ 'a.html': '<p>disk</p>' });
    const { server, address } = await listenWithFallback({ root: tree.dir, host: '127.0.0.1', port: 0, liveReload: true }, 0, { watcher: 'external' });
    try {
      assert.equal((server as unknown as { watcher?: unknown }).watcher, undefined, 'a RootWatcher was started');
      assert.ok(server.live, 'live reload is on');
      const overlay = new BufferOverlay();
      server.setOverlay(overlay);
      const key = path.join(fs.realpathSync(tree.dir), 'a.html');
      overlay.set(key, { bytes: Buffer.from('<p>typed</p>'), version: '7' });
      const [typed] = parseResponses((await rawExchange(address.port, request('/a.html', ['Connection: close']))).bytes);
      assert.equal(typed.status, 200);
      assert.match(typed.body.toString('utf8'), /^<p>typed<\/p><script src="__raw-http\/live\.js"><\/script>$/);
      assert.match(typed.headers.etag ?? '', /buffer-7-/);
      assert.equal(overlay.delete(key), true);
      assert.equal(overlay.delete(key), false);
      const [disk] = parseResponses((await rawExchange(address.port, request('/a.html', ['Connection: close']))).bytes);
      assert.match(disk.body.toString('utf8'), /^<p>disk<\/p>/);
    } finally {
      await server.close();
      tree.cleanup();
    }
  });
});
