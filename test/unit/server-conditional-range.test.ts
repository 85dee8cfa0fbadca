// Conditional requests and ranges over real sockets: 304 from If-None-Match (taking precedence) and
// If-Modified-Since, 206 slices with Content-Range, 416 with "bytes */SIZE", If-Range, and a 5 MiB file streamed
// whole and in a middle range, byte-exact.

import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as path from 'node:path';
import { startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { assertHead, entriesOf, exchange, fileLines, request, single } from './serverFixture';

const TEXT = 'abcdefghij';
const BIG = crypto.randomBytes(5 * 1024 * 1024 + 123);

describe('server: conditional requests and ranges', () => {
  let tree: ReturnType<typeof makeTree>;
  let ts: TestServer;
  let etag: string;
  let lastModified: string;

  before(async () => {
    tree = makeTree({ 'ten.txt': TEXT, 'big.bin': BIG, 'empty.txt': '' });
    ts = await startServer({ root: tree.dir });
    const first = await single(ts.port, request('/ten.txt'));
    etag = first.headers.etag ?? '';
    lastModified = first.headers['last-modified'] ?? '';
  });
  after(async () => {
    await ts.close();
    tree.cleanup();
  });
  beforeEach(() => {
    ts.entries.length = 0;
  });

  const tenLines = (response: Parameters<typeof fileLines>[0], tail: string[]): string[] =>
    fileLines(response, path.join(tree.dir, 'ten.txt'), 'text/plain; charset=utf-8', tail);

  it('If-None-Match with the ETag of a previous answer → 304 with validators, no body; the next request frames', async () => {
    const { responses } = await exchange(ts.port, request('/ten.txt', [`If-None-Match: ${etag}`]) + request('/ten.txt'), [], { expect: 2 });
    assert.deepEqual(responses.map((r) => r.status), [304, 200]);
    assertHead(responses[0], 'HTTP/1.1 304 Not Modified', tenLines(responses[0], []));
    assert.equal(responses[0].body.length, 0);
    assert.equal(responses[1].body.toString(), TEXT);
    const [entry] = await entriesOf(ts.entries, 1);
    assert.deepEqual([entry.status, entry.reason], [304, `If-None-Match ${etag} matched`]);
  });

  const conditionals: Array<[string, string[], number]> = [
    ['ETag in a list', ['If-None-Match: "nope", ETAG'], 304],
    ['"*"', ['If-None-Match: *'], 304],
    ['another ETag', ['If-None-Match: "nope"'], 200],
    ['If-Modified-Since = Last-Modified', ['If-Modified-Since: LM'], 304],
    ['If-Modified-Since in the future', ['If-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT'], 304],
    ['If-Modified-Since before Last-Modified', ['If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT'], 200],
    ['an invalid If-Modified-Since', ['If-Modified-Since: not a date at all, really'], 200],
    ['If-None-Match mismatch wins over a matching If-Modified-Since', ['If-None-Match: "nope"', 'If-Modified-Since: LM'], 200],
    ['If-None-Match match wins over an old If-Modified-Since', ['If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT',
      'If-None-Match: ETAG'], 304],
  ];
  for (const [title, lines, status] of conditionals) {
    it(`${title} → ${status}`, async () => {
      const filled = lines.map((line) => line.replace('ETAG', etag).replace('LM', lastModified));
      const response = await single(ts.port, request('/ten.txt', filled));
      assert.equal(response.status, status);
      assert.equal(response.body.toString(), status === 200 ? TEXT : '');
    });
  }

  it('HEAD with a matching If-None-Match → 304 as well', async () => {
    const response = await single(ts.port, request('/ten.txt', [`If-None-Match: ${etag}`], 'HEAD'), true);
    assert.equal(response.status, 304);
  });

  it('Range: bytes=2-5 → 206 with Content-Range and the exact slice', async () => {
    const response = await single(ts.port, request('/ten.txt', ['Range: bytes=2-5']));
    assertHead(response, 'HTTP/1.1 206 Partial Content', tenLines(response, ['Content-Range: bytes 2-5/10', 'Content-Length: 4']));
    assert.equal(response.body.toString(), 'cdef');
    const [entry] = await entriesOf(ts.entries, 1);
    assert.deepEqual([entry.status, entry.reason], [206, 'range 2-5 of 10']);
  });

  const ranges: Array<[string, number, string, string?]> = [
    ['bytes=-3', 206, 'hij', 'bytes 7-9/10'],
    ['bytes=7-', 206, 'hij', 'bytes 7-9/10'],
    ['bytes=8-1000', 206, 'ij', 'bytes 8-9/10'],
    ['bytes=-50', 206, TEXT, 'bytes 0-9/10'],
    ['bytes=0-0', 206, 'a', 'bytes 0-0/10'],
    ['bytes=0-1,4-5', 200, TEXT],
    ['bytes=5-2', 200, TEXT],
    ['lines=1-2', 200, TEXT],
  ];
  for (const [range, status, body, contentRange] of ranges) {
    it(`Range: ${range} → ${status} ${JSON.stringify(body)}`, async () => {
      const response = await single(ts.port, request('/ten.txt', [`Range: ${range}`]));
      assert.deepEqual([response.status, response.body.toString(), response.headers['content-range']], [status, body, contentRange]);
    });
  }

  for (const [file, range, size] of [['ten.txt', 'bytes=10-', 10], ['ten.txt', 'bytes=-0', 10], ['empty.txt', 'bytes=0-', 0]] as const) {
    it(`${file} with Range: ${range} → 416 with Content-Range: bytes */${size}`, async () => {
      const response = await single(ts.port, request(`/${file}`, [`Range: ${range}`]));
      assertHead(response, 'HTTP/1.1 416 Range Not Satisfiable', [`Content-Range: bytes */${size}`, 'Content-Length: 0']);
      assert.equal(response.closedByServer, false);
    });
  }

  const ifRanges: Array<[string, number]> = [['LM', 206], ['Sat, 01 Jan 2000 00:00:00 GMT', 200], ['"stale"', 200], ['ETAG', 200]];
  for (const [ifRange, status] of ifRanges) {
    it(`If-Range: ${ifRange} with Range: bytes=0-2 → ${status}`, async () => {
      const value = ifRange.replace('ETAG', etag).replace('LM', lastModified);
      const response = await single(ts.port, request('/ten.txt', ['Range: bytes=0-2', `If-Range: ${value}`]));
      assert.deepEqual([response.status, response.body.toString()], [status, status === 206 ? 'abc' : TEXT]);
    });
  }

  it('HEAD ignores Range: the full representation\'s headers', async () => {
    const response = await single(ts.port, request('/ten.txt', ['Range: bytes=0-2'], 'HEAD'), true);
    assert.deepEqual([response.status, response.headers['content-length'], response.headers['content-range']], [200, '10', undefined]);
  });

  it('a 5 MiB file is streamed completely, byte-exact, and the connection is reused afterwards', async () => {
    const { responses } = await exchange(ts.port, request('/big.bin') + request('/ten.txt'), [], { expect: 2, timeoutMs: 15_000 });
    assert.equal(responses.length, 2);
    assertHead(responses[0], 'HTTP/1.1 200 OK', fileLines(responses[0], path.join(tree.dir, 'big.bin'), 'application/octet-stream',
      [`Content-Length: ${BIG.length}`]));
    assert.ok(responses[0].body.equals(BIG), 'exact bytes');
    assert.equal(responses[1].body.toString(), TEXT);
    const [entry] = await entriesOf(ts.entries, 2);
    assert.deepEqual([entry.status, entry.aborted, entry.bytesSent], [200, false, responses[0].head.length + BIG.length]);
  });

  const bigRanges: Array<[string, number, number]> = [
    ['bytes=2000000-3100000', 2_000_000, 3_100_000],
    ['bytes=-70000', BIG.length - 70_000, BIG.length - 1],
    [`bytes=${BIG.length - 1}-`, BIG.length - 1, BIG.length - 1],
  ];
  for (const [range, start, end] of bigRanges) {
    it(`the 5 MiB file with Range: ${range} → the exact slice`, async () => {
      const response = await single(ts.port, request('/big.bin', [`Range: ${range}`]), false, { timeoutMs: 15_000 });
      assert.equal(response.status, 206);
      assert.equal(response.headers['content-range'], `bytes ${start}-${end}/${BIG.length}`);
      assert.ok(response.body.equals(BIG.subarray(start, end + 1)), 'exact slice');
    });
  }

  it('HEAD and a 304 for the 5 MiB file carry no body', async () => {
    const head = await single(ts.port, request('/big.bin', [], 'HEAD'), true);
    assert.deepEqual([head.status, head.headers['content-length']], [200, String(BIG.length)]);
    const notModified = await single(ts.port, request('/big.bin', [`If-None-Match: ${head.headers.etag}`]));
    assert.deepEqual([notModified.status, notModified.body.length], [304, 0]);
  });
});
