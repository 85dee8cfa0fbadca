// Resource release on abnormal ends: 200 downloads aborted by the client leave this process's open-fd count exactly
// where it was (Linux /proc/self/fd), and a file truncated while it streams makes the server cut the connection short
// of Content-Length, log the entry as aborted ("shrank"), and keep serving others.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { parseResponses, rawExchange, readHead, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { waitFor } from '../helpers/wait';

const BIG_BYTES = 20 * 1024 * 1024;
const GET_BIG = 'GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n';

function openFds(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

/** Starts a download of big.bin and destroys the socket as soon as the first bytes arrive. */
function abortedDownload(port: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: '127.0.0.1', port }, () => socket.write(GET_BIG));
    socket.once('data', () => socket.destroy());
    socket.on('error', () => { /* ignored: the close below ends the attempt */ });
    socket.once('close', () => resolve());
  });
}

describe('limits: fd and stream release', function () {
  this.timeout(30_000);
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;

  before(async () => {
    tree = makeTree({ 'ok.txt': 'ok\n', 'big.bin': Buffer.alloc(BIG_BYTES, 0x62), 'shrink.bin': Buffer.alloc(BIG_BYTES * 2, 0x73) },
      'raw-http-leaks-');
    srv = await startServer({ root: tree.dir });
  });
  after(async () => {
    await srv.close();
    tree.cleanup();
  });

  it('200 aborted downloads of a 20 MiB file leave the open-fd count unchanged', async function () {
    if (process.platform !== 'linux') {
      this.skip(); // /proc/self/fd is Linux-only
    }
    await abortedDownload(srv.port); // warm-up: lazily created handles (thread pool, timers) are not leaks
    await waitFor(() => srv.server.connectionCount === 0, 5000, 'the warm-up to finish');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const baseline = openFds();
    const before = srv.entries.length;
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < 200) {
        next++;
        await abortedDownload(srv.port);
      }
    };
    await Promise.all(Array.from({ length: 10 }, worker));
    await waitFor(() => srv.server.connectionCount === 0, 5000, 'every connection to close');
    // Descriptors are closed asynchronously after a download stops: poll (bounded) until the count is back. No
    // tolerance above the baseline; below it is fine (an earlier suite's socket may finish closing meanwhile).
    const deadline = Date.now() + 5000;
    while (openFds() > baseline && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.ok(openFds() <= baseline, `${openFds() - baseline} fd(s) still open above the baseline of ${baseline}`);
    const entries = srv.entries.slice(before);
    assert.equal(entries.length, 200);
    assert.ok(entries.every((entry) => entry.status === 200 && entry.aborted
      && entry.reason === 'client went away during the download' && entry.bytesSent < BIG_BYTES));
  });

  it('a file truncated while streaming: the connection ends short of Content-Length and the entry says it shrank', async () => {
    const before = srv.entries.length;
    const received: Buffer[] = [];
    const socket = net.createConnection({ host: '127.0.0.1', port: srv.port }, () => socket.write('GET /shrink.bin HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    socket.on('error', () => { /* a reset still ends the download */ });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.once('data', (chunk: Buffer) => {
      received.push(chunk);
      socket.pause(); // a slow reader: the server fills the socket buffers and waits for drain
      socket.on('data', (more: Buffer) => received.push(more));
    });
    await waitFor(() => received.length > 0, 3000, 'the first bytes');
    await new Promise((resolve) => setTimeout(resolve, 300));
    fs.truncateSync(path.join(tree.dir, 'shrink.bin'), 1024 * 1024);
    socket.resume();
    await Promise.race([closed, new Promise((_, reject) => setTimeout(() => reject(new Error('the server kept the connection')), 5000))]);

    const bytes = Buffer.concat(received);
    const head = readHead(bytes);
    assert.ok(head, 'a response head');
    assert.equal(head.statusLine, 'HTTP/1.1 200 OK');
    assert.equal(head.headers['content-length'], String(BIG_BYTES * 2), head.head);
    const bodyBytes = bytes.length - head.bodyStart;
    assert.ok(bodyBytes < BIG_BYTES * 2, `received ${bodyBytes} body bytes`);
    await waitFor(() => srv.entries.length > before, 2000, 'the log entry');
    const entry = srv.entries[before];
    assert.equal(entry.target, '/shrink.bin');
    assert.equal(entry.aborted, true);
    assert.match(entry.reason ?? '', /^file shrank while sending \(\d+ of 41943040 bytes\)$/);

    const { bytes: next } = await rawExchange(srv.port, 'GET /ok.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    assert.deepEqual(parseResponses(next).map((response) => `${response.status} ${response.body}`), ['200 ok\n']);
  });
});
