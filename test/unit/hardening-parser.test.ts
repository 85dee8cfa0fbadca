// Parser hardening over real loopback sockets: a stream of empty lines is refused at once (not after the header
// timeout); chunk extensions and trailers are checked and counted against the body limit; absolute-form with the
// query right after the authority and a "#fragment" are served; a well-formed but foreign Host is a 403 policy page.

import * as assert from 'node:assert/strict';
import { parseResponses, rawExchange, request, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

const LIMIT = 64 * 1024;
const CHUNKED_HEAD = 'POST /ok.txt HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n';

describe('hardening: parser and body framing on the wire', () => {
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;
  before(async () => {
    tree = makeTree({ 'index.html': '<p>root</p>\n', 'a.html': 'a-body\n', 'ok.txt': 'ok\n' }, 'raw-http-hardening-');
    srv = await startServer({ root: tree.dir, limits: { maxBodyBytes: LIMIT, headerTimeoutMs: 10_000 } });
  });
  after(async () => {
    await srv.close();
    tree.cleanup();
  });

  async function exchange(wire: string | Buffer | Array<string | Buffer>): Promise<{ statuses: number[]; closed: boolean;
    body: string; reason: string | undefined; ms: number }> {
    const before = srv.entries.length;
    const started = Date.now();
    const { bytes, closedByServer } = await rawExchange(srv.port, wire, { idleMs: 250, timeoutMs: 4000, gapMs: 2 });
    const responses = parseResponses(bytes);
    return {
      statuses: responses.map((response) => response.status), closed: closedByServer,
      body: responses[0]?.body.toString() ?? '', reason: srv.entries[before]?.reason, ms: Date.now() - started,
    };
  }

  it('a client streaming empty lines gets 400 once they pass the 16 KiB head limit, not a 408 after 10 s', async () => {
    const packets = Array.from({ length: 12 }, () => '\r\n'.repeat(1024)); // 24 KiB in 2 KiB packets
    const result = await exchange(packets);
    assert.deepEqual(result.statuses, [400]);
    assert.ok(result.closed, 'the server closes');
    assert.match(result.reason ?? '', /empty lines before the request line/);
    assert.ok(result.ms < 3000, `answered after ${result.ms} ms`);
  });

  it('a few leading empty lines are still ignored', async () => {
    assert.deepEqual((await exchange('\r\n\r\n' + request('/ok.txt', ['Connection: close'], 'GET', 'localhost'))).statuses, [200]);
  });

  for (const [title, body] of [
    ['an empty chunk-extension name', '2;\r\nhi\r\n0\r\n\r\n'],
    ['an unbalanced quoted chunk-extension value', '2;a="hi\r\nhi\r\n0\r\n\r\n'],
    ['a trailer with whitespace before the colon', '2\r\nhi\r\n0\r\nX-T : 1\r\n\r\n'],
    ['an obs-folded trailer line', '2\r\nhi\r\n0\r\nX-T: 1\r\n 2\r\n\r\n'],
  ]) {
    it(`${title} → 400 and close`, async () => {
      const result = await exchange(CHUNKED_HEAD + body);
      assert.deepEqual(result.statuses, [400]);
      assert.ok(result.closed);
      assert.match(result.reason ?? '', /^malformed chunked body \(.+\)$/);
    });
  }

  it('valid chunk extensions and trailers are consumed and the request answered', async () => {
    const result = await exchange(`${CHUNKED_HEAD}2 ; a=b;c="d \\" e"\r\nhi\r\n0\r\nX-T: 1\r\n\r\n`);
    assert.deepEqual(result.statuses, [405]);
    assert.ok(!result.closed, 'the connection stays open after a well-framed body');
  });

  it('chunk extensions count against the body limit → 413 and close', async () => {
    const chunk = `1;${'e'.repeat(4000)}\r\nx\r\n`;
    const result = await exchange([CHUNKED_HEAD, ...Array.from({ length: 20 }, () => chunk)]); // ~80 KB of extensions
    assert.deepEqual(result.statuses, [413]);
    assert.ok(result.closed);
  });

  it('trailer lines count against the body limit → 413 and close', async () => {
    const trailers = Array.from({ length: 40 }, () => `X-Pad: ${'t'.repeat(2000)}\r\n`);
    const result = await exchange([CHUNKED_HEAD + '0\r\n', ...trailers]);
    assert.deepEqual(result.statuses, [413]);
  });

  it('absolute-form with the query right after the authority is served as "/"', async () => {
    const result = await exchange('GET http://localhost?x=1 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    assert.deepEqual(result.statuses, [200]);
    assert.equal(result.body, '<p>root</p>\n');
  });

  it('a fragment in the target is ignored: /a.html#top serves a.html', async () => {
    const result = await exchange(request('/a.html#top', ['Connection: close'], 'GET', 'localhost'));
    assert.deepEqual(result.statuses, [200]);
    assert.equal(result.body, 'a-body\n');
  });

  it('Host "0.0.0.0=5000" (well-formed reg-name) gets the 403 policy page, not 400 malformed', async () => {
    const result = await exchange(request('/ok.txt', ['Connection: close'], 'GET', '0.0.0.0=5000'));
    assert.deepEqual(result.statuses, [403]);
    assert.match(result.body, /allowedHosts/);
  });

  it('Host with a byte over 0x7F stays 400 malformed', async () => {
    const result = await exchange(Buffer.from(request('/ok.txt', ['Connection: close'], 'GET', 'caf\xe9.localhost'), 'latin1'));
    assert.deepEqual(result.statuses, [400]);
  });
});
