// Red-team findings in the connection layer: a client that resets while a large file's answer is being prepared
// leaked the file's descriptor and vanished from the log; a download abandoned for a send stall printed two summary
// lines; a head cut short by the client's FIN was never logged. Real loopback sockets, bounded loops.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { Responder } from '../../src/core/server/responder';
import { startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { waitFor } from '../helpers/wait';

// Larger than what loopback can hold for a client that stops reading: its receive buffer may grow to
// net.ipv4.tcp_rmem's maximum (32 MiB on some kernels) besides our send buffer, and a download that fits there
// completes instead of stalling.
const BIG_BYTES = 64 * 1024 * 1024;

function openFds(): number {
  return fs.readdirSync('/proc/self/fd').length;
}

/** Sends `request`, then resets the connection (RST) as soon as the bytes are written, before any answer. */
function resetAfterWrite(port: number, request: string): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: '127.0.0.1', port }, () => {
      socket.write(request, () => setTimeout(() => socket.resetAndDestroy(), 20));
    });
    socket.on('error', () => { /* the reset is ours */ });
    socket.once('close', () => resolve());
  });
}

describe('red team: connection accounting', function () {
  this.timeout(30_000);
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;

  before(async () => {
    tree = makeTree({ 'big.bin': Buffer.alloc(BIG_BYTES, 0x61) }, 'raw-http-redteam-conn-');
    srv = await startServer({ root: tree.dir, limits: { sendStallTimeoutMs: 1000 } });
  });
  after(async () => {
    await srv.close();
    tree.cleanup();
  });

  it('a reset before the answer of a large file releases its descriptor and logs the request once', async function () {
    if (process.platform !== 'linux') {
      this.skip(); // /proc/self/fd is Linux-only
    }
    await resetAfterWrite(srv.port, 'GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n'); // warm-up (thread pool, timers)
    await waitFor(() => srv.server.connectionCount === 0, 5000, 'the warm-up to close');
    await new Promise((resolve) => setTimeout(resolve, 200));
    // A responder that thinks for a while before passing the request on: the reset surely lands before the answer.
    const slow: Responder = { respond: () => new Promise((resolve) => setTimeout(() => resolve(undefined), 300)) };
    const slowSrv = await startServer({ root: tree.dir }, { responders: [slow] });
    try {
      const baseline = openFds();
      const before = slowSrv.entries.length;
      await Promise.all(Array.from({ length: 40 }, (_, i) =>
        resetAfterWrite(slowSrv.port, `GET /big.bin?n=${i} HTTP/1.1\r\nHost: localhost\r\n\r\n`)));
      await new Promise((resolve) => setTimeout(resolve, 500)); // every slow answer has been produced by now
      const deadline = Date.now() + 5000;
      while (openFds() > baseline && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      assert.ok(openFds() <= baseline, `${openFds() - baseline} descriptor(s) leaked`);
      await waitFor(() => slowSrv.entries.length - before >= 40, 3000, 'one entry per request');
      const entries = slowSrv.entries.slice(before);
      assert.equal(new Set(entries.map((entry) => entry.target)).size, 40, 'each request logged exactly once');
      assert.equal(entries.length, 40);
      // Most resets land while the answer is prepared; under load one may land once the download started.
      const reasons = new Set(['connection closed before the answer was sent', 'client went away during the download']);
      assert.ok(entries.every((entry) => entry.aborted && reasons.has(entry.reason ?? '')), entries.map((entry) => entry.reason).join('; '));
      assert.ok(entries.some((entry) => entry.reason === 'connection closed before the answer was sent'));
    } finally {
      await slowSrv.close();
    }
  });

  it('a download abandoned for a send stall prints one summary line, not a second "went away" one', async () => {
    const before = srv.entries.length;
    const socket = net.createConnection({ host: '127.0.0.1', port: srv.port }, () => socket.write('GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n'));
    socket.on('error', () => { /* the server drops us */ });
    socket.once('data', () => socket.pause()); // then never read again
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await waitFor(() => srv.entries.length > before, 6000, 'the stall to be reported');
    socket.destroy();
    await closed;
    await new Promise((resolve) => setTimeout(resolve, 300)); // room for a second record to show up
    const entries = srv.entries.slice(before);
    assert.deepEqual(entries.map((entry) => entry.reason), ['client stopped reading for 1 s, abandoned']);
    assert.equal(entries[0].aborted, true);
  });

  it('a head cut short by the client\'s FIN is logged with the bytes that arrived', async () => {
    const before = srv.entries.length;
    const partial = 'GET /big.bin HTTP/1.1\r\nHost: localhost\r\nX-Half: yes';
    await new Promise<void>((resolve) => {
      const socket = net.createConnection({ host: '127.0.0.1', port: srv.port }, () => socket.end(partial));
      socket.on('error', () => { /* ignored */ });
      socket.resume();
      socket.once('close', () => resolve());
    });
    await waitFor(() => srv.entries.length > before, 3000, 'the partial head to be logged');
    const entry = srv.entries[before];
    assert.equal(entry.rawHead.toString('latin1'), partial);
    assert.equal(entry.status, 0);
    assert.equal(entry.aborted, true);
    assert.equal(entry.reason, 'client closed the connection before the request head was complete');
    // A connection that sent nothing (a browser's preconnect) still logs nothing.
    await new Promise<void>((resolve) => {
      const socket = net.createConnection({ host: '127.0.0.1', port: srv.port }, () => socket.end());
      socket.resume();
      socket.once('close', () => resolve());
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(srv.entries.length, before + 1);
  });
});
