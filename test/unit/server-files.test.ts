// A real RawHttpServer on port 0 serving files over raw sockets: exact heads and bodies for GET, HEAD (then a
// pipelined GET), OPTIONS, 405 for other methods (logged with the body), names in percent-encoding, query strings,
// absolute-form targets, a file changed or deleted between requests.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { assertHead, entriesOf, exchange, fileLines, htmlLines, request, single } from './serverFixture';

const INDEX = '<!doctype html><title>home</title><h1>home</h1>\n';
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0xff, 0x0d, 0x0a]);

describe('server: files', () => {
  let tree: ReturnType<typeof makeTree>;
  let ts: TestServer;

  before(async () => {
    tree = makeTree({
      'index.html': INDEX, 'style.css': 'body{color:red}', 'app.mjs': 'export const a = 1;\n', 'data.json': '{"a":1}',
      'logo.png': PNG, 'README': 'plain', 'a b.txt': 'space', 'é.txt': 'accent', 'a+b.txt': 'plus', 'x.txt': 'x marks',
    });
    ts = await startServer({ root: tree.dir });
  });
  after(async () => {
    await ts.close();
    tree.cleanup();
  });
  beforeEach(() => {
    ts.entries.length = 0;
  });

  it('GET answers with the exact head and body', async () => {
    const response = await single(ts.port, request('/index.html'));
    assertHead(response, 'HTTP/1.1 200 OK', fileLines(response, path.join(tree.dir, 'index.html'), 'text/html; charset=utf-8',
      [`Content-Length: ${Buffer.byteLength(INDEX)}`]));
    assert.equal(response.body.toString('latin1'), INDEX);
    assert.equal(response.closedByServer, false, 'HTTP/1.1 keeps the connection open');
    const [entry] = await entriesOf(ts.entries, 1);
    assert.deepEqual([entry.method, entry.target, entry.status, entry.reason, entry.aborted], ['GET', '/index.html', 200, undefined, false]);
    assert.equal(entry.rawHead.toString('latin1'), request('/index.html'));
    assert.equal(entry.bytesSent, response.head.length + response.body.length);
  });

  const types: Array<[string, string, string | Buffer]> = [
    ['/style.css', 'text/css; charset=utf-8', 'body{color:red}'],
    ['/app.mjs', 'text/javascript; charset=utf-8', 'export const a = 1;\n'],
    ['/data.json', 'application/json; charset=utf-8', '{"a":1}'],
    ['/logo.png', 'image/png', PNG],
    ['/README', 'application/octet-stream', 'plain'],
  ];
  for (const [target, type, contents] of types) {
    it(`GET ${target} → Content-Type: ${type} and the exact bytes`, async () => {
      const response = await single(ts.port, request(target));
      const expected = Buffer.isBuffer(contents) ? contents : Buffer.from(contents);
      assertHead(response, 'HTTP/1.1 200 OK', fileLines(response, path.join(tree.dir, target), type, [`Content-Length: ${expected.length}`]));
      assert.ok(response.body.equals(expected));
    });
  }

  it('HEAD sends the same head as GET and no body; a GET pipelined after it still frames', async () => {
    const get = await single(ts.port, request('/index.html'));
    const { responses, bytes } = await exchange(ts.port, request('/index.html', [], 'HEAD') + request('/style.css'), [true, false],
      { expect: 2 });
    assert.equal(responses.length, 2, bytes.toString('latin1'));
    assert.equal(responses[0].body.length, 0);
    assert.equal(responses[1].head.indexOf('HTTP/1.1 200 OK\r\n'), 0, 'the GET answer starts right after the HEAD answer');
    assert.equal(responses[0].head.replace(/^Date: .*$/m, ''), get.head.replace(/^Date: .*$/m, ''));
    assert.equal(responses[1].body.toString(), 'body{color:red}');
    assert.equal(bytes.length, responses[0].head.length + responses[1].head.length + 15, 'nothing but the two answers');
  });

  it('OPTIONS → 204 with Allow, for a path and for "*"', async () => {
    for (const target of ['/index.html', '*']) {
      const response = await single(ts.port, request(target, [], 'OPTIONS'));
      assertHead(response, 'HTTP/1.1 204 No Content', ['Allow: GET, HEAD, OPTIONS']);
      assert.equal(response.body.length, 0);
    }
  });

  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    it(`${method} → 405 with Allow; the request and its body preview are logged; the connection stays usable`, async () => {
      const sent = request('/index.html', ['Content-Type: application/x-www-form-urlencoded', 'Content-Length: 14'], method)
        + 'name=raw&x=%41';
      const { responses } = await exchange(ts.port, sent + request('/x.txt'), [], { expect: 2 });
      assert.deepEqual(responses.map((r) => r.status), [405, 200]);
      assertHead(responses[0], 'HTTP/1.1 405 Method Not Allowed', htmlLines(responses[0].body, ['Allow: GET, HEAD, OPTIONS']));
      assert.match(responses[0].body.toString(), /<h1>405 Method Not Allowed<\/h1>/);
      assert.equal(responses[1].body.toString(), 'x marks');
      const [entry] = await entriesOf(ts.entries, 2);
      assert.deepEqual([entry.method, entry.target, entry.status], [method, '/index.html', 405]);
      assert.equal(entry.rawHead.toString('latin1'), sent.slice(0, -14));
      assert.deepEqual([entry.bodyPreview.toString('latin1'), entry.bodyBytes], ['name=raw&x=%41', 14]);
      assert.match(entry.reason ?? '', new RegExp(`^method ${method} not allowed$`));
    });
  }

  const names: Array<[string, string]> = [
    ['/a%20b.txt', 'space'], ['/%C3%A9.txt', 'accent'], ['/%c3%a9.txt', 'accent'], ['/a+b.txt', 'plus'], ['/a%2Bb.txt', 'plus'],
    ['/x.txt?v=1&cache=no', 'x marks'], ['/x.txt?', 'x marks'], ['//x.txt', 'x marks'], ['/./x.txt', 'x marks'],
  ];
  for (const [target, body] of names) {
    it(`GET ${target} → the file ${JSON.stringify(body)}`, async () => {
      const response = await single(ts.port, request(target));
      assert.deepEqual([response.status, response.body.toString()], [200, body]);
    });
  }

  it('"+" is not a space: /a+b.txt and /a%20b.txt are different files, and /a b+.txt does not exist', async () => {
    const response = await single(ts.port, request('/a%20b+.txt'));
    assert.equal(response.status, 404);
  });

  it('absolute-form targets are served; their authority replaces Host', async () => {
    const plain = await single(ts.port, 'GET http://127.0.0.1/x.txt HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
    assert.deepEqual([plain.status, plain.body.toString()], [200, 'x marks']);
    const withPort = await single(ts.port, `GET http://localhost:${ts.port}/x.txt?q HTTP/1.1\r\nHost: other.test\r\n\r\n`);
    assert.deepEqual([withPort.status, withPort.body.toString()], [200, 'x marks']);
  });

  it('a modified file is served fresh, with a new ETag, even when its size is unchanged', async () => {
    const file = path.join(tree.dir, 'fresh.txt');
    fs.writeFileSync(file, 'one');
    const first = await single(ts.port, request('/fresh.txt'));
    fs.writeFileSync(file, 'version two');
    const second = await single(ts.port, request('/fresh.txt'));
    await new Promise((resolve) => setTimeout(resolve, 30)); // distinct mtime even on coarse file-system clocks
    fs.writeFileSync(file, 'version 2!!');
    const third = await single(ts.port, request('/fresh.txt', [`If-None-Match: ${second.headers.etag}`]));
    assert.deepEqual([first.body.toString(), second.body.toString(), third.body.toString()], ['one', 'version two', 'version 2!!']);
    assert.equal(third.status, 200);
    assert.equal(new Set([first.headers.etag, second.headers.etag, third.headers.etag]).size, 3);
    assert.equal(third.headers['content-length'], '11');
  });

  it('a file deleted between requests → 404', async () => {
    const file = path.join(tree.dir, 'doomed.txt');
    fs.writeFileSync(file, 'here');
    const before = await single(ts.port, request('/doomed.txt'));
    fs.unlinkSync(file);
    const afterwards = await single(ts.port, request('/doomed.txt'));
    assert.deepEqual([before.status, before.body.toString(), afterwards.status], [200, 'here', 404]);
    assertHead(afterwards, 'HTTP/1.1 404 Not Found', htmlLines(afterwards.body));
  });
});
