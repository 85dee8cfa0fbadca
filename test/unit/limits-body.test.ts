// Request-body limit: a body up to maxBodyBytes (Content-Length or chunked) is read, discarded and logged, and the
// next pipelined request is answered; a larger one gets 413 + Connection: close and nothing after it is answered.

import * as assert from 'node:assert/strict';
import { parseResponses, rawExchange, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

const LIMIT = 64 * 1024;
const NEXT = 'GET /next.txt HTTP/1.1\r\nHost: localhost\r\n\r\n';

function withLength(length: number, method = 'GET'): string {
  return `${method} /ok.txt HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${length}\r\n\r\n`;
}

function chunked(sizes: number[]): Buffer {
  const parts: Buffer[] = [Buffer.from('GET /ok.txt HTTP/1.1\r\nHost: localhost\r\nTransfer-Encoding: chunked\r\n\r\n')];
  for (const size of sizes) {
    parts.push(Buffer.from(`${size.toString(16)}\r\n`), Buffer.alloc(size, 0x7a), Buffer.from('\r\n'));
  }
  parts.push(Buffer.from('0\r\n\r\n'));
  return Buffer.concat(parts);
}

describe('limits: request bodies', () => {
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;
  before(async () => {
    tree = makeTree({ 'ok.txt': 'ok\n', 'next.txt': 'next\n' }, 'raw-http-body-');
    srv = await startServer({ root: tree.dir, limits: { maxBodyBytes: LIMIT } });
  });
  after(async () => {
    await srv.close();
    tree.cleanup();
  });

  async function expectAnswered(wire: Buffer | string | Array<Buffer | string>, bodyBytes: number): Promise<void> {
    const before = srv.entries.length;
    const { bytes, closedByServer } = await rawExchange(srv.port, wire, { idleMs: 200 });
    const responses = parseResponses(bytes);
    assert.deepEqual(responses.map((response) => `${response.status} ${response.body}`), ['200 ok\n', '200 next\n']);
    assert.ok(!closedByServer);
    const entry = srv.entries[before];
    assert.equal(entry.bodyBytes, bodyBytes);
    assert.equal(entry.bodyPreview.length, 1024, 'the log keeps logBodyBytes of the body');
  }

  async function expectRefused(wire: Buffer | string, reason: RegExp): Promise<void> {
    const before = srv.entries.length;
    const { bytes, closedByServer } = await rawExchange(srv.port, wire);
    const responses = parseResponses(bytes);
    assert.deepEqual(responses.map((response) => response.status), [413]);
    assert.equal(responses[0].headers['connection'], 'close');
    assert.ok(closedByServer, 'the server must close after 413');
    assert.equal(bytes.indexOf('next\n'), -1, 'nothing after the oversized body is answered');
    assert.equal(srv.entries.length, before + 1);
    assert.match(srv.entries[before].reason ?? '', reason);
  }

  it('a Content-Length body of exactly the limit on GET is discarded and the next request answered', () =>
    expectAnswered(Buffer.concat([Buffer.from(withLength(LIMIT)), Buffer.alloc(LIMIT, 0x61), Buffer.from(NEXT)]), LIMIT));

  it('the same body arriving in pieces is discarded too', () => {
    const body = Buffer.alloc(LIMIT, 0x62);
    return expectAnswered([withLength(LIMIT), body.subarray(0, 1000), body.subarray(1000, 40_000), body.subarray(40_000), NEXT], LIMIT);
  });

  it('a chunked body of exactly the limit is discarded and the next request answered', () => {
    const request = chunked([LIMIT / 4, LIMIT / 4, LIMIT / 2]);
    const wireBodyBytes = request.length - request.indexOf('\r\n\r\n') - 4; // sizes and CRLFs count as received
    return expectAnswered(Buffer.concat([request, Buffer.from(NEXT)]), wireBodyBytes);
  });

  it('Content-Length one byte over the limit → 413 + close, before the body is read', () =>
    expectRefused(Buffer.concat([Buffer.from(withLength(LIMIT + 1)), Buffer.alloc(LIMIT + 1, 0x61), Buffer.from(NEXT)]),
      /^request body over 64 KiB → 413$/));

  it('a huge Content-Length → 413 + close', () => expectRefused(withLength(99_999_999_999_999, 'POST') + NEXT, /→ 413$/));

  it('a chunked body growing past the limit → 413 + close', () =>
    expectRefused(Buffer.concat([chunked([LIMIT / 2, LIMIT / 2, 1]), Buffer.from(NEXT)]), /^request body over 64 KiB$/));

  it('a single chunk larger than the limit → 413 + close at its size line', () =>
    expectRefused(Buffer.concat([chunked([LIMIT + 1]).subarray(0, 200), Buffer.from(NEXT)]), /^request body over 64 KiB$/));
});
