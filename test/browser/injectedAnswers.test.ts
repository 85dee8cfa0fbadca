// The HTTP side of an injected HTML page, on raw sockets and in the browser: HEAD announces the length of the
// injected bytes (RFC 9110 §9.3.2: the same fields a GET would send), revalidation with the injected page's own
// ETag answers 304 (§13.1.2, §15.4.5), and a browser reload of an unchanged page is one of those 304s and stays live.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { LOAD_COUNTER_SCRIPT, useBrowser } from '../helpers/browser';
import { parseResponses, rawExchange, request, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { waitFor } from '../helpers/wait';

const PAGE = `<!doctype html><html><head>${LOAD_COUNTER_SCRIPT}</head><body><p id="text">injected</p></body></html>\n`;

describe('browser: HEAD and revalidation of an injected page', function () {
  this.timeout(30_000);
  const browser = useBrowser();
  let tree: ReturnType<typeof makeTree>;
  let server: TestServer;

  beforeEach(async () => {
    tree = makeTree({ 'index.html': PAGE });
    server = await startServer({ root: tree.dir, liveReload: true });
  });

  afterEach(async () => {
    await server?.close();
    tree?.cleanup();
  });

  async function get(target: string, extraLines: string[] = [], method = 'GET'): Promise<ReturnType<typeof parseResponses>[number]> {
    const result = await rawExchange(server.port, request(target, [...extraLines, 'Connection: close'], method));
    const [response] = parseResponses(result.bytes, [method === 'HEAD']);
    return response;
  }

  it('HEAD reports the injected length, the same Content-Length and ETag as the GET', async () => {
    const full = await get('/index.html');
    const head = await get('/index.html', [], 'HEAD');
    const fileBytes = fs.statSync(`${tree.dir}/index.html`).size;
    assert.match(full.body.toString(), /<script src="__raw-http\/live\.js"><\/script><\/body>/);
    assert.equal(Number(full.headers['content-length']), full.body.length);
    assert.ok(full.body.length > fileBytes, 'the GET carries the injected script');
    assert.equal(head.status, 200);
    assert.equal(head.headers['content-length'], String(full.body.length), 'HEAD announces the injected length, not the file size');
    assert.equal(head.headers.etag, full.headers.etag);
    assert.equal(head.body.length, 0);
  });

  it('revalidating with the injected page\'s ETag answers 304; the plain file\'s ETag does not match', async () => {
    const full = await get('/index.html');
    const etag = full.headers.etag;
    assert.match(etag, /^W\/".*-live"$/, 'the injected bytes have a weak ETag of their own');
    const revalidated = await get('/index.html', [`If-None-Match: ${etag}`]);
    assert.equal(revalidated.status, 304);
    assert.equal(revalidated.headers.etag, etag);
    const plainTag = etag.replace(/^W\//, '').replace(/-live"$/, '"');
    assert.equal((await get('/index.html', [`If-None-Match: ${plainTag}`])).status, 200,
      'the file\'s own tag names other bytes');
  });

  it('a browser reload of the unchanged page is answered 304 and the page is live again', async () => {
    const context = await browser().newContext();
    try {
      const tab = await context.newPage();
      await tab.goto(`http://127.0.0.1:${server.port}/index.html`);
      await waitFor(() => server.server.live?.pageCount === 1, 5000, 'the page live');
      const before = server.entries.length;
      await tab.reload();
      await waitFor(() => server.server.live?.pageCount === 1
        && server.entries.slice(before).some((entry) => entry.target === '/__raw-http/socket'), 5000, 'the page live again');
      const page = server.entries.slice(before).find((entry) => entry.target === '/index.html');
      assert.equal(page?.status, 304, `the reload revalidated: ${page?.status} ${page?.reason}`);
      assert.equal(await tab.textContent('#text'), 'injected');
    } finally {
      await context.close();
    }
  });
});
