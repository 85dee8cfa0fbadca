// Connection limits and shutdown: past limits.maxConnections new connections are closed at once while the open
// ones are still served, and the refusals are reported in a notice; server.close() with keep-alive clients (and one
// stalled download) resolves within a second, closes every socket, and leaves the port free at once.

import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { parseResponses, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { waitFor } from '../helpers/wait';

const REQUEST = 'GET /ok.txt HTTP/1.1\r\nHost: localhost\r\n\r\n';

interface Client {
  socket: net.Socket;
  received: () => Buffer;
  closed: Promise<number>;
}

/** Connects and records everything received and when the socket closed (ms after connecting). */
function connect(port: number): Promise<Client> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = net.createConnection({ host: '127.0.0.1', port });
    const startedAt = Date.now();
    const closed = new Promise<number>((done) => socket.once('close', () => done(Date.now() - startedAt)));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => { /* resets are expected here */ });
    socket.once('connect', () => resolve({ socket, received: () => Buffer.concat(chunks), closed }));
    socket.once('error', reject);
  });
}

async function requestOn(client: Client): Promise<void> {
  const before = client.received().length;
  client.socket.write(REQUEST);
  await waitFor(() => client.received().length > before && client.received().toString('latin1').endsWith('ok\n'), 3000, 'a reply');
}

describe('limits: connections and shutdown', function () {
  this.timeout(20_000);
  let tree: ReturnType<typeof makeTree>;
  before(() => {
    tree = makeTree({ 'ok.txt': 'ok\n', 'big.bin': Buffer.alloc(16 * 1024 * 1024, 0x62) }, 'raw-http-connections-');
  });
  after(() => tree.cleanup());

  it('with maxConnections = 20, connections 21–25 are closed at once and the first 20 still get answers', async () => {
    const srv = await startServer({ root: tree.dir, limits: { maxConnections: 20 } });
    const clients: Client[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        clients.push(await connect(srv.port));
      }
      await waitFor(() => srv.server.connectionCount === 20, 3000, '20 accepted connections');
      const extra = await Promise.all(Array.from({ length: 5 }, () => connect(srv.port)));
      const extraClosedAfter = await Promise.all(extra.map((client) => client.closed));
      assert.ok(extraClosedAfter.every((ms) => ms < 500), `refused connections closed after ${extraClosedAfter} ms`);
      assert.ok(extra.every((client) => client.received().length === 0), 'a refused connection gets no bytes');
      assert.equal(srv.server.connectionCount, 20);
      await Promise.all(clients.map((client) => requestOn(client)));
      for (const client of clients) {
        assert.deepEqual(parseResponses(client.received()).map((response) => response.status), [200]);
      }
      // Refusals are summed per sweep (once a second), so the five may be split over two notices.
      const refused = (): number => srv.notices.filter((notice) => notice.level === 'warning').reduce((total, notice) => total
        + Number(/^(\d+) connection\(s\) refused: the limit of 20 open connections was reached$/.exec(notice.message)?.[1] ?? 0), 0);
      await waitFor(() => refused() === 5, 2500, 'notices of 5 refused connections');
      // A freed slot is available again.
      clients.shift()!.socket.destroy();
      await waitFor(() => srv.server.connectionCount === 19, 2000, 'the slot to be freed');
      const late = await connect(srv.port);
      clients.push(late);
      await requestOn(late);
    } finally {
      clients.forEach((client) => client.socket.destroy());
      await srv.close();
    }
  });

  it('a client that half-closes after its requests still gets every answer, then the server closes', async () => {
    const srv = await startServer({ root: tree.dir });
    try {
      const cases: Array<{ wire: string; statuses: number[]; bodyBytes: number }> = [
        { wire: REQUEST, statuses: [200], bodyBytes: 3 },
        { wire: 'GET / HTTP/1.1\r\nHost: localhost\r\n\r\n', statuses: [200], bodyBytes: -1 }, // listing: answered async
        { wire: 'GET /big.bin HTTP/1.0\r\n\r\n', statuses: [200], bodyBytes: 16 * 1024 * 1024 }, // streamed
        { wire: REQUEST + 'GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n' + REQUEST, statuses: [200, 200, 200], bodyBytes: -1 },
        { wire: 'GET /ok.txt HTTP/1.1\r\nHost: loc', statuses: [], bodyBytes: -1 }, // a head that can never complete
      ];
      for (const { wire, statuses, bodyBytes } of cases) {
        const client = await connect(srv.port);
        client.socket.end(wire);
        const closedAfter = await client.closed;
        assert.ok(closedAfter < 3000, `closed after ${closedAfter} ms`);
        const responses = parseResponses(client.received());
        assert.deepEqual(responses.map((response) => response.status), statuses, wire);
        if (bodyBytes >= 0) {
          assert.equal(responses[0].body.length, bodyBytes);
        }
      }
      await waitFor(() => srv.server.connectionCount === 0, 2000, 'every connection to close');
    } finally {
      await srv.close();
    }
  });

  it('close() with 20 keep-alive clients and a stalled download resolves within 1 s and frees the port at once', async () => {
    const srv: TestServer = await startServer({ root: tree.dir });
    const clients: Client[] = [];
    for (let i = 0; i < 20; i++) {
      clients.push(await connect(srv.port));
    }
    await Promise.all(clients.map((client) => requestOn(client)));
    const stalled = await connect(srv.port);
    stalled.socket.pause(); // reads nothing: the server is blocked on back-pressure mid-file
    stalled.socket.write('GET /big.bin HTTP/1.1\r\nHost: localhost\r\n\r\n');
    await waitFor(() => srv.entries.length === 20 && srv.server.connectionCount === 21, 2000, 'the download to start');
    await new Promise((resolve) => setTimeout(resolve, 100));

    const startedAt = Date.now();
    await srv.close();
    const elapsed = Date.now() - startedAt;
    assert.ok(elapsed < 1000, `close() took ${elapsed} ms`);
    stalled.socket.resume();
    await Promise.race([
      Promise.all([...clients, stalled].map((client) => client.closed)),
      new Promise((_, reject) => setTimeout(() => reject(new Error('a client socket was not closed')), 2000)),
    ]);
    assert.equal(srv.server.connectionCount, 0);
    const entry = srv.entries.find((candidate) => candidate.target === '/big.bin');
    assert.equal(entry?.aborted, true, 'the cut download is logged as aborted');

    const again = net.createServer();
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.listen({ host: '127.0.0.1', port: srv.port, exclusive: true }, resolve);
    });
    await new Promise((resolve) => again.close(resolve));
  });
});
