// Refused requests over real sockets: malformed heads → 400 (and 505, 414, 431, 501) with "Connection: close" and
// the server closing, each reported with its raw bytes and a reason; bad targets and paths leaving the root; and a
// file that shrinks while it is sent, which ends only that connection.

import { REASON_PHRASES } from '../../src/core/http/statusCodes';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { assertHead, entriesOf, htmlLines, request, single, waitFor } from './serverFixture';

const H = 'Host: 127.0.0.1';
const MANY_FIELDS = Array.from({ length: 200 }, (_, i) => `X-Filler-${i}: ${'v'.repeat(80)}\r\n`).join('');

describe('server: refused requests', () => {
  let tree: ReturnType<typeof makeTree>;
  let ts: TestServer;

  before(async () => {
    tree = makeTree({
      'www/index.html': 'home', 'www/ok.txt': 'fine', 'secret.txt': 'SECRET', 'www-secret/x.txt': 'SIBLING',
      'www/link.txt': { symlink: '../secret.txt' }, 'www/up': { symlink: '..' }, 'www/sib': { symlink: '../www-secret' },
      'www/inside.txt': { symlink: 'ok.txt' },
    });
    ts = await startServer({ root: path.join(tree.dir, 'www') });
  });
  after(async () => {
    await ts.close();
    tree.cleanup();
  });
  beforeEach(() => {
    ts.entries.length = 0;
  });

  const rejects: Array<[string, string, number]> = [
    ['double space in the request line', 'GET  / HTTP/1.1\r\nHost: a\r\n\r\n', 400],
    ['a lower-case version', 'GET / http/1.1\r\nHost: a\r\n\r\n', 400],
    ['no version', 'GET /\r\nHost: a\r\n\r\n', 400],
    ['a space in the target', `GET /a b.txt HTTP/1.1\r\n${H}\r\n\r\n`, 400],
    ['HTTP/2.0', `GET / HTTP/2.0\r\n${H}\r\n\r\n`, 505],
    ['HTTP/0.9', `GET / HTTP/0.9\r\n${H}\r\n\r\n`, 505],
    ['a target over 8 KiB', `GET /${'a'.repeat(8200)} HTTP/1.1\r\n${H}\r\n\r\n`, 414],
    ['a target over 8 KiB whose line never ends', `GET /${'a'.repeat(9000)}`, 414], // nothing follows: no head end
    ['a header block over 16 KiB', `GET / HTTP/1.1\r\n${H}\r\n${MANY_FIELDS}\r\n`, 431],
    ['no Host in HTTP/1.1', 'GET / HTTP/1.1\r\nAccept: */*\r\n\r\n', 400],
    ['two Host fields', `GET / HTTP/1.1\r\n${H}\r\n${H}\r\n\r\n`, 400],
    ['whitespace before a colon', `GET / HTTP/1.1\r\n${H}\r\nAccept : */*\r\n\r\n`, 400],
    ['an obs-fold line', `GET / HTTP/1.1\r\n${H}\r\nX-A: a\r\n b\r\n\r\n`, 400],
    ['a bare LF', `GET / HTTP/1.1\n${H}\n\n`, 400],
    ['a control character in a value', `GET / HTTP/1.1\r\n${H}\r\nX-A: \x1b[2J\r\n\r\n`, 400],
    ['Content-Length with Transfer-Encoding', `POST / HTTP/1.1\r\n${H}\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\nabc`, 400],
    ['two identical Content-Lengths', `POST / HTTP/1.1\r\n${H}\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc`, 400],
    ['an invalid Content-Length', `POST / HTTP/1.1\r\n${H}\r\nContent-Length: -1\r\n\r\n`, 400],
    ['Transfer-Encoding: gzip, chunked', `POST / HTTP/1.1\r\n${H}\r\nTransfer-Encoding: gzip, chunked\r\n\r\n`, 501],
    ['Transfer-Encoding in HTTP/1.0', 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
  ];
  for (const [title, sent, status] of rejects) {
    it(`${title} → ${status}, Connection: close, closed, logged with raw bytes and a reason`, async () => {
      const raw = Buffer.from(sent.startsWith('GET /aaaa') && !sent.includes(' HTTP/') ? sent : sent + request('/ok.txt'), 'latin1');
      const response = await single(ts.port, raw);
      assertHead(response, `HTTP/1.1 ${status} ${REASON_PHRASES[status]}`, [...htmlLines(response.body), 'Connection: close']);
      assert.equal(response.status, status);
      assert.match(response.body.toString(), new RegExp(`<h1>${status} `));
      assert.equal(response.closedByServer, true);
      const [entry] = await entriesOf(ts.entries, 1);
      assert.equal(entry.status, status);
      assert.ok(entry.reason && !entry.reason.includes('→'), `a plain reason: ${entry.reason}`);
      assert.ok(entry.rawHead.length > 0 && raw.subarray(0, entry.rawHead.length).equals(entry.rawHead), 'raw bytes as received');
      assert.ok(entry.rawHead.length + entry.rawHeadOmitted >= Math.min(raw.length, sent.length), 'nothing lost silently');
    });
  }

  it('a malformed chunked body → 400 and close, after the head was accepted', async () => {
    const sent = `POST /ok.txt HTTP/1.1\r\n${H}\r\nTransfer-Encoding: chunked\r\n\r\n5\nhello\r\n0\r\n\r\n`;
    const response = await single(ts.port, sent);
    assert.deepEqual([response.status, response.headers.connection, response.closedByServer], [400, 'close', true]);
    const [entry] = await entriesOf(ts.entries, 1);
    assert.deepEqual([entry.method, entry.target, entry.status], ['POST', '/ok.txt', 400]);
    assert.match(entry.reason ?? '', /^malformed chunked body \(.+\)$/);
  });

  const targets: Array<[string, number]> = [
    ['/%zz', 400], ['/%E0%A4%A', 400], ['/ok.txt%00.html', 400], ['*', 400],
    ['/../secret.txt', 403], ['/%2e%2e/secret.txt', 403], ['/%2E%2E%2Fsecret.txt', 403], ['/..%2fsecret.txt', 403],
    ['/x/%2f..%2f..%2fsecret.txt', 403], ['/..\\secret.txt', 403], ['/%5c..%5csecret.txt', 403], ['/../www-secret/x.txt', 403],
    ['/link.txt', 403], ['/up/secret.txt', 403], ['/up/', 403], ['/sib/x.txt', 403],
  ];
  for (const [target, status] of targets) {
    it(`GET ${target} → ${status}, never the file`, async () => {
      const response = await single(ts.port, request(target));
      assert.equal(response.status, status, response.body.toString());
      assert.ok(!/SECRET|SIBLING/.test(response.body.toString()));
      // Every 400 closes (the client's framing is suspect); a refusal of a well-formed request keeps the connection.
      assert.equal(response.closedByServer, status === 400, status === 400 ? 'a 400 closes' : 'a 403/404 keeps the connection');
    });
  }

  it('a symlink that stays inside the root is served', async () => {
    const response = await single(ts.port, request('/inside.txt'));
    assert.deepEqual([response.status, response.body.toString()], [200, 'fine']);
  });

  it('a file that shrinks while it is sent ends that connection only; the server keeps serving', async function () {
    this.timeout(20_000);
    const file = path.join(tree.dir, 'www', 'shrinking.bin');
    fs.writeFileSync(file, Buffer.alloc(64 * 1024 * 1024, 7));
    let received = 0;
    const socket = net.createConnection({ host: '127.0.0.1', port: ts.port });
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('error', () => { /* a reset is an acceptable way to end */ });
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
    });
    socket.pause(); // do not read: the server's writes back up and its file stream pauses
    socket.write(request('/shrinking.bin'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    fs.truncateSync(file, 1024 * 1024);
    socket.resume();
    const timer = setTimeout(() => socket.destroy(), 10_000);
    await closed;
    clearTimeout(timer);
    assert.ok(received < 64 * 1024 * 1024, `got ${received} bytes: fewer than promised`);
    await waitFor(() => ts.entries.some((e) => e.target === '/shrinking.bin'), 2000, 'the aborted entry');
    const entry = ts.entries.find((e) => e.target === '/shrinking.bin')!;
    assert.deepEqual([entry.status, entry.aborted], [200, true]);
    assert.match(entry.reason ?? '', /file shrank while sending/);
    const next = await single(ts.port, request('/ok.txt'));
    assert.deepEqual([next.status, next.body.toString()], [200, 'fine']);
  });
});
