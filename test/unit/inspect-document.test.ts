// The inspector's pure halves over records from a real server on loopback: the exchange document (both heads, the
// why with the status, timings, escaping and redaction as in the log, hex for a binary body, unforgeable section
// rules), the hex dump layout, the view's filter (status classes, methods, paths, text, exclusion) and the
// onConnect hook the extension uses to find a replay's exchange.

import * as assert from 'node:assert/strict';
import type { ExchangeRecord } from '../../src/core/events';
import { explainExchange, hexDump, parseExchangeFilter, replayBytes, toExchangeDocument } from '../../src/core/inspect';
import { replay } from '../../src/core/server/replayClient';
import { recordOf, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

describe('inspect: the exchange document, the hex dump and the filter', () => {
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;
  before(async () => {
    tree = makeTree({ 'index.html': '<p>hi</p>\n', 'big.txt': 'x'.repeat(5000), '.env': 'SECRET=1\n' }, 'raw-http-document-');
    srv = await startServer({ root: tree.dir, capture: ['/hook/**'] });
  });
  after(async () => {
    await srv.close();
    tree.cleanup();
  });


  const get = (target: string, extra = ''): string => `GET ${target} HTTP/1.1\r\nHost: localhost\r\n${extra}\r\n`;

  it('a 304: both heads exactly, the why naming the entity tag and the status, the facts', async () => {
    const first = await recordOf(srv, get('/index.html'));
    const etag = /ETag: (.*)\r\n/.exec(first.responseHead!.toString('latin1'))![1];
    const record = await recordOf(srv, get('/index.html', `If-None-Match: ${etag}\r\nCookie: id=s3cr3t\r\n`));
    const text = toExchangeDocument(record);
    const lines = text.split('\n');
    assert.equal(lines[0], 'GET /index.html  → 304 Not Modified');
    assert.equal(lines[1], `Why: If-None-Match ${etag} matched → 304`);
    assert.equal(explainExchange(record), `If-None-Match ${etag} matched → 304`);
    const request = lines.indexOf(`── Request head · as received · ${record.rawHead.length} bytes ──`);
    assert.ok(request > 0, text);
    assert.deepEqual(lines.slice(request + 1, request + 5),
      ['GET /index.html HTTP/1.1', 'Host: localhost', `If-None-Match: ${etag}`, 'Cookie: ‹redacted, 9 bytes›']);
    const response = lines.findIndex((line) => line.startsWith('── Response head · as sent · '));
    assert.deepEqual(lines.slice(response + 1, response + 2), ['HTTP/1.1 304 Not Modified']);
    const sentHead = record.responseHead!.toString('latin1').split('\r\n').slice(0, -2);
    assert.deepEqual(lines.slice(response + 1, response + 1 + sentHead.length), sentHead, 'the response head line for line');
    assert.ok(lines.includes(`Connection   c${record.connectionId}, request 1 on it`));
    assert.ok(lines.includes('Outcome      complete'));
    assert.match(text, /^Duration {5}\d+\.\d+ ms$/m);
    assert.match(toExchangeDocument(record, { showSecrets: true }), /^Cookie: id=s3cr3t$/m);
  });

  it('a range and a refused dotfile explain themselves', async () => {
    const range = await recordOf(srv, get('/big.txt', 'Range: bytes=0-1023\r\n'));
    assert.equal(explainExchange(range), 'range 0-1023 of 5000 → 206');
    const dotfile = await recordOf(srv, get('/.env'));
    assert.equal(explainExchange(dotfile), 'dotfile ".env" refused (serveDotfiles is off) → 404');
    assert.match(toExchangeDocument(dotfile), /^Why: dotfile "\.env" refused \(serveDotfiles is off\) → 404$/m);
  });

  it('client bytes cannot forge a section rule or drive the editor: controls and non-ASCII are escaped', async () => {
    const record = await recordOf(srv, Buffer.from('GET /a HTTP/1.1\r\nHost: localhost\r\nX-Evil: ── Response head ── \u202e\x1b[31m\r\n\r\n', 'utf8'));
    const text = toExchangeDocument(record);
    const rules = text.split('\n').filter((line) => line.startsWith('──'));
    assert.deepEqual(rules.map((line) => line.split(' · ')[0]), ['── Request head', '── Response head', '── Exchange ──']);
    assert.match(text, /^X-Evil: \\xE2\\x94\\x80/m);
    assert.ok(!text.includes('\u202e') && !text.includes('\x1b'), 'no bidi override, no escape sequence');
  });

  it('a text body is shown as text, a binary one as a hex dump, a cut-short one says so', async () => {
    const form = await recordOf(srv, 'POST /hook/f HTTP/1.1\r\nHost: localhost\r\nContent-Length: 21\r\n\r\nname=John&surname=Doe');
    assert.match(toExchangeDocument(form), /── Request body · 21 bytes ──\nname=John&surname=Doe\n/);
    const binary = Buffer.concat([Buffer.from('POST /hook/b HTTP/1.1\r\nHost: localhost\r\nContent-Length: 4\r\n\r\n'), Buffer.from([0, 1, 0xfe, 0xff])]);
    const record = await recordOf(srv, binary);
    const dump = hexDump(Buffer.from([0, 1, 0xfe, 0xff]));
    assert.match(dump[0], /^0{8} {2}00 01 fe ff {2}/);
    assert.ok(toExchangeDocument(record).includes(`── Request body · 4 bytes · hex ──\n${dump[0]}\n\n`));
    const cut: ExchangeRecord = { ...form, body: undefined, bodyPreview: form.bodyPreview.subarray(0, 4) };
    assert.match(toExchangeDocument(cut), /Request body · 21 bytes, first 4 bytes kept ──\nname\n… 17 bytes more not kept/);
  });

  it('a body cannot draw a section rule, and a megabytes-long kept body is shown in part without overflowing the stack', async () => {
    const forged = `── Response head · as sent · 19 bytes, then 0 bytes of body ──\nHTTP/1.1 200 OK`;
    const record = await recordOf(srv, `POST /hook/x HTTP/1.1\r\nHost: localhost\r\nContent-Length: ${Buffer.byteLength(forged)}\r\n\r\n${forged}`);
    const text = toExchangeDocument(record);
    assert.deepEqual(text.split('\n').filter((line) => line.startsWith('── Response head')).length, 1, text);
    assert.ok(text.includes('\n\\u{2500}─ Response head · as sent · 19 bytes'), text);
    const huge: ExchangeRecord = { ...record, body: Buffer.alloc(2 * 1024 * 1024, 0xff), bodyBytes: 2 * 1024 * 1024 };
    const binary = toExchangeDocument(huge, { maxBodyBytes: 4096 });
    assert.equal(binary.split('\n').filter((line) => /^[0-9a-f]{8} {2}/.test(line)).length, 256);
    assert.match(binary, /^… 2,093,056 bytes more kept, not shown here/m);
    const lines: ExchangeRecord = { ...record, body: Buffer.alloc(1024 * 1024, '\n'), bodyBytes: 1024 * 1024 };
    assert.doesNotThrow(() => toExchangeDocument(lines));
  });

  it('hexDump: offsets, two groups of eight, the ASCII column, a short last line padded', () => {
    const lines = hexDump(Buffer.from('HTTP/1.1 200 OK\r\nX'));
    assert.deepEqual(lines, [
      '00000000  48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 0d  |HTTP/1.1 200 OK.|',
      `00000010  0a 58${'   '.repeat(6)}  ${'   '.repeat(7)}    |.X|`,
    ]);
  });

  it('the filter: status classes and codes, methods, paths, text, "-word", quoted phrases', async () => {
    const records = [
      await recordOf(srv, get('/index.html')),
      await recordOf(srv, get('/missing.css')),
      await recordOf(srv, 'POST /hook/api/users HTTP/1.1\r\nHost: localhost\r\nContent-Length: 2\r\n\r\nhi'),
      await recordOf(srv, get('/.env')),
    ];
    const shown = (filter: string): number[] => records.flatMap((record, i) => parseExchangeFilter(filter).matches(record) ? [i] : []);
    assert.deepEqual(shown(''), [0, 1, 2, 3]);
    assert.deepEqual(shown('4xx'), [1, 3]);
    assert.deepEqual(shown('2xx 4xx'), [0, 1, 2, 3], 'alternatives of one kind');
    assert.deepEqual(shown('200'), [0, 2]);
    assert.deepEqual(shown('POST'), [2]);
    assert.deepEqual(shown('method:GET 404'), [1, 3]);
    assert.deepEqual(shown('/hook'), [2]);
    assert.deepEqual(shown('/hook/**/users'), [2]);
    assert.deepEqual(shown('*.css'), [], 'a glob without a leading slash is text');
    assert.deepEqual(shown('/*.css'), [1]);
    assert.deepEqual(shown('dotfile'), [3], 'text matches the why');
    assert.deepEqual(shown('-dotfile 4xx'), [1]);
    assert.deepEqual(shown('"content-length: 2"'), [2], 'text matches the raw head, a quoted phrase is one word');
    assert.deepEqual(parseExchangeFilter('600').problems, ['600 is not an HTTP status (100–599): read as text']);
  });

  it('replay() reports its local port, which is the client of the exchange the server records', async () => {
    const record = await recordOf(srv, get('/index.html'));
    const bytes = replayBytes(record);
    assert.ok(bytes.ok);
    let local = { address: '', port: 0 };
    const before = srv.entries.length;
    await replay(srv.port, '127.0.0.1', bytes.bytes, { onConnect: (address) => { local = address; } });
    assert.ok(local.port > 0);
    assert.equal(srv.entries[before].client, `127.0.0.1:${local.port}`);
  });
});
