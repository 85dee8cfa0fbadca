// Capture mode over real sockets: urlencoded and multipart forms (a file part reported, not returned), a chunked
// body kept whole (framing removed), the capture cap (413 with its own reason), a configured status and body, and a
// path that does not match still refused 405 for POST by the static files.

import * as assert from 'node:assert/strict';
import { parseResponses, rawExchange, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

function post(path: string, type: string, body: string | Buffer, extra = ''): Buffer {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8');
  return Buffer.concat([Buffer.from(`POST ${path} HTTP/1.1\r\nHost: localhost\r\nContent-Type: ${type}\r\n${extra}`
    + `Content-Length: ${bytes.length}\r\n\r\n`, 'latin1'), bytes]);
}

async function ask(srv: TestServer, wire: Buffer | string): Promise<{ status: number; json: Record<string, unknown>; body: string; headers: Record<string, string> }> {
  const { bytes } = await rawExchange(srv.port, wire, { idleMs: 150 });
  const [response] = parseResponses(bytes);
  const body = response.body.toString();
  let json: Record<string, unknown> = {};
  try {
    json = JSON.parse(body) as Record<string, unknown>;
  } catch { /* not JSON: the test checks body */ }
  return { status: response.status, json, body, headers: response.headers };
}

describe('capture mode (forms and webhooks)', () => {
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;
  before(async () => {
    tree = makeTree({ 'index.html': '<p>hi</p>\n' }, 'raw-http-capture-');
    srv = await startServer({ root: tree.dir, capture: ['*.php', '/hooks/**'], captureMaxBodyBytes: 4096 });
  });
  after(async () => {
    await srv.close();
    tree.cleanup();
  });

  it('POST /form.php with name=John&surname=Doe echoes {"form":{"name":"John","surname":"Doe"}} and logs "captured"', async () => {
    const before = srv.entries.length;
    const answer = await ask(srv, post('/form.php?x=1', 'application/x-www-form-urlencoded', 'name=John&surname=Doe',
      'Cookie: session=abc\r\n'));
    assert.equal(answer.status, 200);
    assert.equal(answer.headers['content-type'], 'application/json');
    assert.deepEqual(answer.json.form, { name: 'John', surname: 'Doe' });
    assert.equal(answer.json.method, 'POST');
    assert.equal(answer.json.path, '/form.php');
    assert.deepEqual(answer.json.query, { x: '1' });
    const headers = answer.json.headers as Record<string, string>;
    assert.equal(headers['Content-Type'], 'application/x-www-form-urlencoded', 'header names as sent');
    assert.equal(headers.Cookie, '‹redacted, 11 bytes›', 'secrets never echoed');
    const entry = srv.entries[before];
    assert.equal(entry.reason, 'captured');
    assert.equal(entry.status, 200);
    assert.equal(entry.body?.toString(), 'name=John&surname=Doe', 'the kept body rides on the record');
  });

  it('multipart/form-data: fields by name, a file part by name, filename, type and size (not its content)', async () => {
    const boundary = '----raw7MA4YWxkTrZu0gW';
    const body = [`--${boundary}`, 'Content-Disposition: form-data; name="name"', '', 'John',
      `--${boundary}`, 'Content-Disposition: form-data; name="upload"; filename="notes.txt"', 'Content-Type: text/plain', '',
      'line one\r\nline two', `--${boundary}--`, ''].join('\r\n');
    const answer = await ask(srv, post('/hooks/in', `multipart/form-data; boundary=${boundary}`, body));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json.form, { name: 'John' });
    assert.deepEqual(answer.json.files, [{ name: 'upload', filename: 'notes.txt', type: 'text/plain', size: 18 }]);
    assert.equal(answer.body.indexOf('line one'), -1, 'file content is not echoed');
    assert.equal(answer.json.error, undefined);
  });

  it('a malformed multipart body is still answered 200, with an error field and what was read', async () => {
    const before = srv.entries.length;
    const body = '--b\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--b\r\nContent-Disposition: form-data; name="c"\r\n\r\nno end';
    const answer = await ask(srv, post('/hooks/x', 'multipart/form-data; boundary=b', body));
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json.form, { a: '1' });
    assert.match(String(answer.json.error), /closing boundary/);
    assert.match((srv.entries[before].notes ?? []).join(';'), /body not read whole/);
  });

  it('a chunked body is kept whole, framing removed', async () => {
    const before = srv.entries.length;
    const wire = 'POST /hooks/chunked HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n'
      + '5;ext=1\r\n{"a":\r\n3\r\n 1}\r\n0\r\nX-Trailer: t\r\n\r\n';
    const answer = await ask(srv, wire);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.json.json, { a: 1 });
    assert.equal(answer.json.data, '{"a": 1}');
    assert.equal(srv.entries[before].body?.toString(), '{"a": 1}');
  });

  it('a body over captureMaxBodyBytes is refused 413 naming the capture limit (Content-Length and chunked)', async () => {
    const before = srv.entries.length;
    const big = await ask(srv, post('/form.php', 'text/plain', 'x'.repeat(4097)));
    assert.equal(big.status, 413);
    assert.match(srv.entries[before].reason ?? '', /request body over 4 KiB, the capture limit \(captureMaxBodyBytes\)/);
    const chunk = 'x'.repeat(3000);
    const wire = `POST /form.php HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n${(3000).toString(16)}\r\n${chunk}\r\n`
      + `${(3000).toString(16)}\r\n${chunk}\r\n0\r\n\r\n`;
    const chunked = await ask(srv, wire);
    assert.equal(chunked.status, 413);
    assert.match(srv.entries[before + 1].reason ?? '', /capture limit/);
    const exact = await ask(srv, post('/form.php', 'text/plain', 'y'.repeat(4096)));
    assert.equal(exact.status, 200, 'exactly the cap is accepted');
    assert.equal(exact.json.bodyBytes, 4096);
  });

  it('any method on a capture path; a path that does not match still answers POST with 405', async () => {
    const put = await ask(srv, post('/hooks/put', 'text/plain', 'hello').toString('latin1').replace(/^POST/, 'PUT'));
    assert.equal(put.status, 200);
    assert.equal(put.json.method, 'PUT');
    assert.equal(put.json.data, 'hello');
    const refused = await ask(srv, post('/index.html', 'application/x-www-form-urlencoded', 'a=1'));
    assert.equal(refused.status, 405);
  });

  it('captureStatus and captureBody give a fixed answer (204 empty, or {"ok":true})', async () => {
    const quiet = await startServer({ root: tree.dir, capture: ['/hook'], captureStatus: 204, captureBody: '' });
    const fixed = await startServer({ root: tree.dir, capture: ['/hook'], captureStatus: 202, captureBody: '{"ok":true}' });
    try {
      const none = await rawExchange(quiet.port, post('/hook', 'application/json', '{}'), { idleMs: 150 });
      const head = none.bytes.toString('latin1');
      assert.match(head, /^HTTP\/1\.1 204 No Content\r\n/);
      assert.doesNotMatch(head, /Content-Length/i, 'RFC 9110 §8.6: no Content-Length in a 204');
      assert.equal(quiet.entries[0].reason, 'captured');
      const ok = await ask(fixed, post('/hook', 'application/json', '{}'));
      assert.equal(ok.status, 202);
      assert.deepEqual(ok.json, { ok: true });
      assert.equal(ok.headers['content-type'], 'application/json');
    } finally {
      await quiet.close();
      await fixed.close();
    }
  });
});
