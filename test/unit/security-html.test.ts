// Generated HTML (error pages, listings) carries a strict CSP and nosniff, and escapes every name and message, so a
// file, folder, Host or path named like markup can never inject script. ("/" cannot be part of a file name on
// POSIX, so the hostile file names use an <img onerror> payload instead of a closing </script> tag.)

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseResponses, rawExchange, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";
const HOSTILE_FILE = `"><img src=x onerror=alert(1)>&'.txt`;
const HOSTILE_DIR = '<svg onload=alert(2)>';

async function get(srv: TestServer, target: string, host = 'localhost'): Promise<ReturnType<typeof parseResponses>[number]> {
  const { bytes } = await rawExchange(srv.port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
  return parseResponses(bytes)[0];
}

function assertStrictHtml(response: ReturnType<typeof parseResponses>[number]): void {
  assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
  assert.equal(response.headers['content-security-policy'], CSP);
  assert.equal(response.headers['x-content-type-options'], 'nosniff');
}

function assertNoMarkupFrom(html: string): void {
  assert.ok(!/<(img|svg|script)\b/i.test(html), `unescaped markup in ${html}`);
}

describe('security: generated HTML', () => {
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;
  let hostileNames = true;

  before(async () => {
    tree = makeTree({ 'list/plain.txt': 'plain\n', 'ok.txt': 'ok\n' }, 'raw-http-html-');
    try {
      fs.writeFileSync(path.join(tree.dir, 'list', HOSTILE_FILE), 'x');
      fs.mkdirSync(path.join(tree.dir, HOSTILE_DIR));
      fs.writeFileSync(path.join(tree.dir, HOSTILE_DIR, 'inner.txt'), 'inner');
    } catch {
      hostileNames = false; // Windows forbids <, >, " in names
    }
    srv = await startServer({ root: tree.dir });
  });
  after(async () => {
    await srv.close();
    tree.cleanup();
  });

  it('a listing escapes a hostile file name in text and href', async function () {
    if (!hostileNames) {
      this.skip();
    }
    const response = await get(srv, '/list/');
    assert.equal(response.status, 200);
    assertStrictHtml(response);
    const html = response.body.toString();
    assertNoMarkupFrom(html);
    assert.ok(html.includes('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;&#39;.txt</a>'), html);
    assert.ok(html.includes(`href="${encodeURIComponent(HOSTILE_FILE).replace(/'/g, '&#39;')}"`), html);
  });

  it('a listing of a hostile folder name escapes its title and heading', async function () {
    if (!hostileNames) {
      this.skip();
    }
    const response = await get(srv, `/${encodeURIComponent(HOSTILE_DIR)}/`);
    assert.equal(response.status, 200);
    assertStrictHtml(response);
    const html = response.body.toString();
    assertNoMarkupFrom(html);
    assert.ok(html.includes('<title>Index of /&lt;svg onload=alert(2)&gt;/</title>'), html);
    assert.ok(html.includes('inner.txt'));
  });

  const errorCases: Array<{ what: string; target: string; host?: string; status: number; escaped: string }> = [
    { what: 'a refused dotfile named like markup', target: '/.%3Cscript%3Ealert(1)%3C%2Fscript%3E', status: 404,
      escaped: 'dotfile &quot;.&lt;script&gt;alert(1)&lt;&quot;' },
    { what: 'a malformed Host named like markup', target: '/ok.txt', host: '<script>alert(1)</script>', status: 400,
      escaped: 'The Host header &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot; is malformed.' },
    { what: 'a malformed Host with quotes', target: '/ok.txt', host: `evil.com'"`, status: 400, escaped: 'evil.com&#39;&quot;' },
    { what: 'a denied name', target: '/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.pem', status: 404,
      escaped: '&quot;&lt;img src=x onerror=alert(1)&gt;.pem&quot; matches deny pattern' },
    { what: 'a missing file', target: '/%3Cscript%3E.txt', status: 404, escaped: 'no such file' },
  ];
  for (const { what, target, host, status, escaped } of errorCases) {
    it(`the ${status} page for ${what} is escaped and carries the CSP`, async () => {
      const response = await get(srv, target, host);
      assert.equal(response.status, status);
      assertStrictHtml(response);
      const html = response.body.toString();
      assertNoMarkupFrom(html);
      assert.ok(html.includes(escaped), html);
    });
  }

  it('403, 405 and 400 pages carry the same CSP', async () => {
    for (const raw of ['GET /ok.txt HTTP/1.1\r\nHost: evil.com\r\n', 'DELETE /ok.txt HTTP/1.1\r\nHost: localhost\r\n',
      'GET /%zz HTTP/1.1\r\nHost: localhost\r\n', 'GET / HTTP/1.1\r\n']) {
      const { bytes } = await rawExchange(srv.port, `${raw}Connection: close\r\n\r\n`);
      const [response] = parseResponses(bytes);
      assert.ok([400, 403, 405].includes(response.status), response.statusLine);
      assertStrictHtml(response);
    }
  });
});
