// Back-pressure: a client that pipelines many requests but does not read gets no more answers produced than the
// socket buffers hold, and every answer exactly once it reads; a client that stops reading (mid-download or with
// answers piling up) is dropped after sendStallTimeoutMs, and the abandoned download is logged as aborted.

import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { parseResponses, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { waitFor } from '../helpers/wait';

const CHUNK_FILE_BYTES = 256 * 1024; // the largest file the server keeps in memory: 400 answers are 100 MiB
const PIPELINED = 400;
const STALL_MS = 1000;

/** A client that reads nothing (a paused socket does not even notice a FIN, so closes are observed server-side). */
function pausedClient(port: number): { socket: net.Socket; received: Buffer[] } {
  const socket = net.createConnection({ host: '127.0.0.1', port });
  const received: Buffer[] = [];
  socket.pause();
  socket.on('data', (chunk: Buffer) => received.push(chunk));
  socket.on('error', () => { /* a reset ends the connection like a close */ });
  return { socket, received };
}

/** Milliseconds until the server has dropped its only connection. */
async function serverDropsConnection(srv: TestServer): Promise<number> {
  const startedAt = Date.now();
  await waitFor(() => srv.server.connectionCount === 1, 2000, 'the connection');
  await waitFor(() => srv.server.connectionCount === 0, STALL_MS + 4000, 'the server to drop the connection');
  return Date.now() - startedAt;
}

describe('limits: back-pressure and stalled readers', function () {
  this.timeout(20_000);
  let tree: ReturnType<typeof makeTree>;
  before(() => {
    tree = makeTree({ 'chunk.bin': Buffer.alloc(CHUNK_FILE_BYTES, 0x63), 'big.bin': Buffer.alloc(16 * 1024 * 1024, 0x64) },
      'raw-http-backpressure-');
  });
  after(() => tree.cleanup());

  it(`${PIPELINED} pipelined requests from a client that does not read: answers wait for it, then all arrive`, async () => {
    const srv = await startServer({ root: tree.dir });
    const client = pausedClient(srv.port);
    try {
      client.socket.write('GET /chunk.bin HTTP/1.1\r\nHost: localhost\r\n\r\n'.repeat(PIPELINED));
      await new Promise((resolve) => setTimeout(resolve, 500));
      const answeredWhilePaused = srv.entries.length;
      assert.ok(answeredWhilePaused > 0 && answeredWhilePaused < PIPELINED / 2,
        `${answeredWhilePaused} answers produced for a client that reads nothing`);
      client.socket.resume();
      const expectedBytes = (length: number): boolean => length >= PIPELINED * CHUNK_FILE_BYTES;
      await waitFor(() => expectedBytes(client.received.reduce((total, chunk) => total + chunk.length, 0)), 10_000, 'every answer');
      await new Promise((resolve) => setTimeout(resolve, 50));
      const responses = parseResponses(Buffer.concat(client.received));
      assert.equal(responses.length, PIPELINED);
      assert.ok(responses.every((response) => response.status === 200 && response.body.length === CHUNK_FILE_BYTES
        && response.body.every((byte) => byte === 0x63)));
      assert.equal(srv.entries.length, PIPELINED);
    } finally {
      client.socket.destroy();
      await srv.close();
    }
  });

  describe(`with sendStallTimeoutMs = ${STALL_MS}`, () => {
    let srv: TestServer;
    beforeEach(async () => {
      srv = await startServer({ root: tree.dir, limits: { sendStallTimeoutMs: STALL_MS } });
    });
    afterEach(() => srv.close());

    it('a download whose client stops reading is abandoned and logged as aborted', async () => {
      const client = pausedClient(srv.port);
      client.socket.write('GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n');
      const closedAfter = await serverDropsConnection(srv);
      client.socket.destroy();
      assert.ok(closedAfter >= STALL_MS && closedAfter <= STALL_MS + 2000, `closed after ${closedAfter} ms`);
      const [entry] = srv.entries;
      assert.equal(entry.status, 200);
      assert.equal(entry.aborted, true);
      assert.equal(entry.reason, 'client stopped reading for 1 s, abandoned');
      assert.ok(entry.bytesSent < 16 * 1024 * 1024);
    });

    it('a client that pipelines without ever reading is dropped', async () => {
      const client = pausedClient(srv.port);
      client.socket.write('GET /chunk.bin HTTP/1.1\r\nHost: localhost\r\n\r\n'.repeat(PIPELINED));
      const closedAfter = await serverDropsConnection(srv);
      client.socket.destroy();
      assert.ok(closedAfter >= STALL_MS && closedAfter <= STALL_MS + 2000, `closed after ${closedAfter} ms`);
      assert.ok(srv.entries.length < PIPELINED / 2);
    });
  });
});
