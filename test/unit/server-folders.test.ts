// Folders over real sockets: "/" and folders → index.html then index.htm, a folder without its slash → 301 to the
// slashed path (query kept, never "//host"), a folder without an index → an escaped HTML listing with a strict CSP,
// and 404 pages for what does not exist.

import * as assert from 'node:assert/strict';
import { startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { assertHead, htmlLines, request, single } from './serverFixture';

const EVIL_NAME = '<img src=x onerror=alert(1)>.txt';

describe('server: folders', () => {
  let tree: ReturnType<typeof makeTree>;
  let ts: TestServer;

  before(async () => {
    tree = makeTree({
      'index.html': 'root index', 'sub/index.html': 'sub index', 'sub/index.htm': 'not this one', 'old/index.htm': 'htm index',
      'evil.com/index.html': 'local folder named evil.com', 'a b/index.html': 'spaced folder',
      'list/zeta/': '', 'list/Alpha/': '', 'list/b.txt': 'bbb', [`list/${EVIL_NAME}`]: 'x', 'list/big.bin': Buffer.alloc(2048),
      'list/a&b "q".txt': '', 'empty/': '',
    });
    ts = await startServer({ root: tree.dir });
  });
  after(async () => {
    await ts.close();
    tree.cleanup();
  });

  const indexes: Array<[string, string]> = [
    ['/', 'root index'], ['/?x=1', 'root index'], ['/sub/', 'sub index'], ['/old/', 'htm index'], ['/a%20b/', 'spaced folder'],
  ];
  for (const [target, body] of indexes) {
    it(`GET ${target} → its index file`, async () => {
      const response = await single(ts.port, request(target));
      assert.deepEqual([response.status, response.headers['content-type'], response.body.toString()], [200, 'text/html; charset=utf-8', body]);
    });
  }

  const redirects: Array<[string, string]> = [
    ['/sub', '/sub/'],
    ['/sub?a=1&b=/x', '/sub/?a=1&b=/x'],
    ['/a%20b', '/a%20b/'],
    ['/list/zeta', '/list/zeta/'],
    ['//sub', '/sub/'],
    ['//evil.com', '/evil.com/'],
    ['/%2F%2Fevil.com', '/evil.com/'],
    ['/%2f/evil.com?x', '/evil.com/?x'],
    ['///evil.com//', ''],
    ['http://127.0.0.1//evil.com', '/evil.com/'],
  ];
  for (const [target, location] of redirects) {
    it(`GET ${target} → ${location ? `301 Location: ${location}` : 'no redirect'}`, async () => {
      const response = await single(ts.port, request(target));
      if (location === '') {
        assert.equal(response.headers.location, undefined);
        return;
      }
      assertHead(response, 'HTTP/1.1 301 Moved Permanently', [`Location: ${location}`, 'Content-Length: 0']);
    });
  }

  for (const target of ['//evil.com/..', '/%2F%2Fevil.com/..', '/\\\\evil.com', '/%5C%5Cevil.com', '/..//evil.com']) {
    it(`GET ${target} is refused without any Location`, async () => {
      const response = await single(ts.port, request(target));
      assert.equal(response.status, 403);
      assert.equal(response.headers.location, undefined);
    });
  }

  it('a folder without an index → an HTML listing: escaped names, folders first, sizes, dates, a link up, strict CSP', async () => {
    const response = await single(ts.port, request('/list/'));
    assertHead(response, 'HTTP/1.1 200 OK', htmlLines(response.body));
    const html = response.body.toString('utf8');
    assert.ok(!html.includes('<img'), 'no raw markup from a file name');
    assert.ok(!html.includes('onerror=alert(1)>'), 'no raw markup from a file name');
    assert.ok(html.includes('&lt;img src=x onerror=alert(1)&gt;.txt</a>'), 'escaped label');
    assert.ok(html.includes('href="%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.txt"'), 'encoded href');
    assert.ok(html.includes('href="a%26b%20%22q%22.txt">a&amp;b &quot;q&quot;.txt</a>'), 'quotes and ampersands');
    assert.ok(html.includes('<a href="../">../</a>'), 'link up');
    assert.ok(html.includes('<title>Index of /list/</title>'));
    const order = ['../', 'Alpha/', 'zeta/', 'a&amp;b', 'b.txt', 'big.bin'].map((label) => html.indexOf(`>${label}`));
    assert.ok(order.every((index) => index > 0), `all rows present: ${order.join(',')}`);
    assert.deepEqual([...order].sort((a, b) => a - b), order, 'link up, then folders, then files');
    assert.match(html, /b\.txt<\/a><\/td><td class="size">3 B<\/td><td>\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}<\/td>/);
    assert.match(html, /big\.bin<\/a><\/td><td class="size">2\.0 KiB<\/td>/);
  });

  it('an empty folder is listed with only its link up', async () => {
    const empty = await single(ts.port, request('/empty/'));
    assert.equal(empty.status, 200);
    assert.deepEqual(empty.body.toString().match(/<td><a href="[^"]*"/g), ['<td><a href="../"']);
  });

  const missing = ['/missing.html', '/missing/', '/sub/missing', '/index.html/', '/list/b.txt/x'];
  for (const target of missing) {
    it(`GET ${target} → 404 with a small HTML page`, async () => {
      const response = await single(ts.port, request(target));
      assertHead(response, 'HTTP/1.1 404 Not Found', htmlLines(response.body));
      assert.match(response.body.toString(), /^<!DOCTYPE html>\n.*<h1>404 Not Found<\/h1>.*<\/html>\n$/s);
      assert.equal(response.closedByServer, false, 'a 404 keeps the connection');
    });
  }
});
