// Memory stays flat: 10,000 sequential connections (GET + close, 20 at a time) leave no connection behind and grow
// the heap by less than a bound, measured after a forced GC (enabled at run time through V8 flags); after close()
// no socket, listening handle or file operation is left active.

import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

const CONNECTIONS = 10_000;
const CONCURRENCY = 20;
const MAX_GROWTH_BYTES = 6 * 1024 * 1024; // measured: well under 1 MiB
const REQUEST = 'GET /ok.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n';

/** mocha runs without --expose-gc; the flag can be set at run time and gc() taken from a fresh context. */
function forcedGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/** One connection: send the request, count the reply bytes, resolve on close. */
function getAndClose(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    const socket = net.createConnection({ host: '127.0.0.1', port }, () => socket.end(REQUEST));
    socket.on('data', (chunk: Buffer) => { bytes += chunk.length; });
    socket.on('error', reject);
    socket.on('close', () => resolve(bytes));
  });
}

async function run(port: number, count: number): Promise<number[]> {
  const sizes: number[] = [];
  let started = 0;
  const worker = async (): Promise<void> => {
    while (started < count) {
      started++;
      sizes.push(await getAndClose(port));
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return sizes;
}

/** Active sockets, listening handles and pending file operations of this process (mocha's own timers aside). */
function activeHandles(): number {
  return process.getActiveResourcesInfo().filter((kind) => /^(TCPSocketWrap|TCPServerWrap|FSReqCallback)$/.test(kind)).length;
}

async function settle(srv: TestServer): Promise<void> {
  const deadline = Date.now() + 5000;
  while (srv.server.connectionCount > 0) {
    assert.ok(Date.now() < deadline, `${srv.server.connectionCount} connections still open`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('limits: memory', function () {
  this.timeout(60_000);

  it(`${CONNECTIONS} sequential connections leave the heap flat and no connection behind`, async () => {
    const tree = makeTree({ 'ok.txt': 'ok\n' }, 'raw-http-memory-');
    const handlesBefore = activeHandles();
    const srv = await startServer({ root: tree.dir });
    // Count entries instead of keeping them, so the test's own log does not look like a leak.
    srv.server.removeAllListeners('request');
    let logged = 0;
    srv.server.on('request', () => { logged++; });
    try {
      const gc = forcedGc();
      await run(srv.port, 500); // warm-up: JIT, caches, pooled buffers
      await settle(srv);
      gc();
      const before = process.memoryUsage().heapUsed;
      const sizes = await run(srv.port, CONNECTIONS);
      await settle(srv);
      gc();
      const growth = process.memoryUsage().heapUsed - before;
      assert.equal(sizes.length, CONNECTIONS);
      assert.ok(sizes.every((size) => size === sizes[0] && size > 0), 'every connection got the same full answer');
      assert.equal(logged, 500 + CONNECTIONS);
      assert.equal(srv.server.connectionCount, 0);
      assert.ok(growth < MAX_GROWTH_BYTES, `heap grew by ${(growth / 1048576).toFixed(1)} MiB`);
      assert.equal(srv.notices.filter((notice) => notice.level === 'error').length, 0);
    } finally {
      await srv.close();
      tree.cleanup();
    }
    // Handles finish closing on a later loop turn: poll, bounded. (Fewer than before is fine: an earlier suite's
    // socket may finish closing meanwhile.)
    for (let wait = 0; wait < 50 && activeHandles() > handlesBefore; wait++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(activeHandles() <= handlesBefore, `${activeHandles() - handlesBefore} handle(s) left active after close()`);
  });
});
