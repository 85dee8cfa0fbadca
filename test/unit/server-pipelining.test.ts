// Connection handling over real sockets: HTTP/1.1 keep-alive by default, "Connection: close", HTTP/1.0 closing
// unless it asks for keep-alive, pipelined requests (with Content-Length and chunked bodies, a listing and a
// streamed file among them) answered strictly in order, and requests split into single bytes or random pieces.

import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import { startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { entriesOf, exchange, request, single } from './serverFixture';

const BIG = crypto.randomBytes(600 * 1024); // over the small-file cache limit: streamed from disk

describe('server: connections and pipelining', () => {
  let tree: ReturnType<typeof makeTree>;
  let ts: TestServer;

  before(async () => {
    tree = makeTree({ 'a.txt': 'AAAA', 'b.txt': 'BB', 'big.bin': BIG, 'folder/x': '' });
    ts = await startServer({ root: tree.dir });
  });
  after(async () => {
    await ts.close();
    tree.cleanup();
  });
  beforeEach(() => {
    ts.entries.length = 0;
  });

  it('HTTP/1.1 keeps the connection open by default: two requests, two answers, no Connection header', async () => {
    const { responses, closedByServer } = await exchange(ts.port, [request('/a.txt'), request('/b.txt')], [], { gapMs: 50, expect: 2 });
    assert.deepEqual(responses.map((r) => [r.status, r.body.toString(), r.headers.connection]), [[200, 'AAAA', undefined], [200, 'BB', undefined]]);
    assert.equal(closedByServer, false);
    const entries = await entriesOf(ts.entries, 2);
    assert.deepEqual(entries.map((e) => [e.connectionId === entries[0].connectionId, e.requestIndex]), [[true, 1], [true, 2]]);
  });

  it('"Connection: close" is honoured: the answer says so and the server closes; later bytes are ignored', async () => {
    const { responses, closedByServer } = await exchange(ts.port, request('/a.txt', ['Connection: close']) + request('/b.txt'));
    assert.equal(responses.length, 1);
    assert.equal(responses[0].headers.connection, 'close');
    assert.equal(closedByServer, true);
  });

  it('HTTP/1.0 closes by default', async () => {
    const response = await single(ts.port, 'GET /a.txt HTTP/1.0\r\n\r\n');
    assert.deepEqual([response.status, response.headers.connection, response.closedByServer], [200, 'close', true]);
    assert.equal(response.statusLine, 'HTTP/1.1 200 OK', 'we answer with our highest version');
  });

  it('HTTP/1.0 with "Connection: keep-alive" stays open and says "Connection: keep-alive"', async () => {
    const keep = 'GET /a.txt HTTP/1.0\r\nConnection: keep-alive\r\n\r\n';
    const { responses, closedByServer } = await exchange(ts.port, [keep, keep], [], { gapMs: 50, expect: 2 });
    assert.equal(responses.length, 2);
    for (const response of responses) {
      assert.deepEqual([response.status, response.body.toString(), response.headers.connection], [200, 'AAAA', 'keep-alive']);
    }
    assert.equal(closedByServer, false);
  });

  const CHUNKED = '4;x=y\r\nGET \r\n6\r\n/a.txt\r\n0\r\nT: 1\r\n\r\n'; // looks like a request: must not be parsed as one
  /** [bytes sent, status, body: exact bytes/text, or a pattern for generated pages, answer to HEAD]. */
  const PIPELINE: Array<[string, number, Buffer | string | RegExp, boolean]> = [
    [request('/a.txt', ['Content-Length: 11']) + 'GET /b.txt ', 200, 'AAAA', false],
    [request('/b.txt', ['Transfer-Encoding: chunked'], 'POST') + CHUNKED, 405, /<h1>405 Method Not Allowed<\/h1>/, false],
    [request('/b.txt', [], 'HEAD'), 200, '', true],
    [request('/folder/'), 200, /<title>Index of \/folder\/<\/title>/, false],
    [request('/big.bin'), 200, BIG, false],
    [request('/missing'), 404, /<h1>404 Not Found<\/h1>/, false],
    ['\r\n' + request('/a.txt', ['Content-Length: 0']), 200, 'AAAA', false],
    [request('/b.txt', ['Connection: close']), 200, 'BB', false],
  ];
  const pipelineBytes = Buffer.from(PIPELINE.map(([text]) => text).join(''), 'latin1');

  function checkPipeline(result: Awaited<ReturnType<typeof exchange>>): void {
    assert.deepEqual(result.responses.map((r) => r.status), PIPELINE.map(([, status]) => status));
    PIPELINE.forEach(([, , expected], i) => {
      const actual = result.responses[i].body;
      if (Buffer.isBuffer(expected)) {
        assert.ok(actual.equals(expected), `response ${i + 1}: exact bytes`);
      } else if (typeof expected === 'string') {
        assert.equal(actual.toString(), expected, `response ${i + 1}`);
      } else {
        assert.match(actual.toString(), expected, `response ${i + 1}`);
      }
    });
    assert.equal(result.closedByServer, true, 'closed after the last request asked for it');
  }

  it('answers 8 pipelined requests sent in one write strictly in order, bodies consumed by their framing', async () => {
    const result = await exchange(ts.port, pipelineBytes, PIPELINE.map(([, , , isHead]) => isHead), { expect: PIPELINE.length, timeoutMs: 10_000 });
    checkPipeline(result);
    const entries = await entriesOf(ts.entries, PIPELINE.length);
    assert.deepEqual(entries.map((e) => e.requestIndex), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.deepEqual(entries.map((e) => e.target), ['/a.txt', '/b.txt', '/b.txt', '/folder/', '/big.bin', '/missing', '/a.txt', '/b.txt']);
    assert.deepEqual([entries[0].bodyBytes, entries[0].bodyPreview.toString()], [11, 'GET /b.txt ']);
    assert.deepEqual([entries[1].method, entries[1].bodyBytes, entries[1].bodyPreview.toString()], ['POST', CHUNKED.length, CHUNKED]);
  });

  it('gives the same answers when the same bytes arrive in random pieces', async () => {
    const pieces: Buffer[] = [];
    for (let offset = 0; offset < pipelineBytes.length;) {
      const size = 1 + crypto.randomInt(40);
      pieces.push(pipelineBytes.subarray(offset, offset + size));
      offset += size;
    }
    const result = await exchange(ts.port, pieces, PIPELINE.map(([, , , isHead]) => isHead), { expect: PIPELINE.length, gapMs: 1, timeoutMs: 15_000 });
    checkPipeline(result);
  });

  it('parses a request that arrives one byte per write', async () => {
    const text = request('/a.txt', ['User-Agent: slow', 'Accept: */*']);
    const response = await single(ts.port, [...text], false, { gapMs: 2 });
    assert.deepEqual([response.status, response.body.toString()], [200, 'AAAA']);
    const [entry] = await entriesOf(ts.entries, 1);
    assert.equal(entry.rawHead.toString('latin1'), text);
  });

  it('a request body arriving in pieces after its head is consumed before the next request', async () => {
    const head = request('/a.txt', ['Content-Length: 6'], 'PUT');
    const { responses } = await exchange(ts.port, [head, 'abc', 'def' + request('/b.txt')], [], { gapMs: 30, expect: 2 });
    assert.deepEqual(responses.map((r) => r.status), [405, 200]);
    assert.equal(responses[1].body.toString(), 'BB');
    const [entry] = await entriesOf(ts.entries, 1);
    assert.deepEqual([entry.bodyPreview.toString(), entry.bodyBytes], ['abcdef', 6]);
  });
});
