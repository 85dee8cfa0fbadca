// Time limits against slow and idle clients: a head trickled byte by byte gets 408 + close once headerTimeoutMs has
// passed; a silent connection and an idle keep-alive one are closed after idleTimeoutMs; a slow body gets 408; and
// 500 idle connections do not keep a real client from a quick, exact 200. (Deadlines are swept once a second.)

import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import { parseResponses, rawExchange, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { waitFor } from '../helpers/wait';

const HEADER_TIMEOUT_MS = 1500;
const IDLE_TIMEOUT_MS = 800;
const SWEEP_SLACK_MS = 1000 + 500; // one sweep period plus scheduling jitter

/** Resolves with the time from now until the server closes the socket, and what it sent. */
function timeUntilClosed(socket: net.Socket): Promise<{ ms: number; bytes: Buffer }> {
  const startedAt = Date.now();
  const received: Buffer[] = [];
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => received.push(chunk));
    socket.on('error', () => { /* a reset also ends the wait */ });
    socket.once('close', () => resolve({ ms: Date.now() - startedAt, bytes: Buffer.concat(received) }));
  });
}

function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

describe('limits: slow and idle clients', function () {
  this.timeout(20_000);
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;

  before(async () => {
    tree = makeTree({ 'ok.txt': 'ok\n' }, 'raw-http-timeouts-');
    srv = await startServer({ root: tree.dir, limits: { headerTimeoutMs: HEADER_TIMEOUT_MS, idleTimeoutMs: IDLE_TIMEOUT_MS,
      bodyTimeoutMs: HEADER_TIMEOUT_MS } });
  });
  after(async () => {
    await srv.close();
    tree.cleanup();
  });

  it('slowloris: a head trickled one byte per 200 ms gets 408 + close after the header timeout', async () => {
    const head = 'GET /ok.txt HTTP/1.1\r\nHost: localhost\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n';
    const before = srv.entries.length;
    const startedAt = Date.now();
    const { bytes, closedByServer } = await rawExchange(srv.port, Array.from(head), { gapMs: 200, timeoutMs: 8000 });
    const elapsed = Date.now() - startedAt;
    assert.ok(closedByServer, 'the server must close the connection');
    assert.ok(elapsed >= HEADER_TIMEOUT_MS && elapsed <= HEADER_TIMEOUT_MS + SWEEP_SLACK_MS, `closed after ${elapsed} ms`);
    const [response, ...rest] = parseResponses(bytes);
    assert.equal(rest.length, 0);
    assert.equal(response.status, 408);
    assert.equal(response.headers['connection'], 'close');
    const entry = srv.entries[before];
    assert.equal(entry.status, 408);
    assert.equal(entry.reason, 'request head not complete within 1.5 s');
    assert.ok(head.startsWith(entry.rawHead.toString('latin1')) && entry.rawHead.length >= 5, 'what arrived is logged');
  });

  it('a connection that sends nothing, and a keep-alive connection gone quiet, are closed after the idle timeout', async () => {
    const before = srv.entries.length;
    const silent = await connect(srv.port);
    const silentClosed = timeUntilClosed(silent);
    const keepAlive = await connect(srv.port);
    const keepAliveClosed = timeUntilClosed(keepAlive);
    keepAlive.write('GET /ok.txt HTTP/1.1\r\nHost: localhost\r\n\r\n');
    const [silentResult, keepAliveResult] = await Promise.all([silentClosed, keepAliveClosed]);
    for (const { ms } of [silentResult, keepAliveResult]) {
      assert.ok(ms >= IDLE_TIMEOUT_MS - 50 && ms <= IDLE_TIMEOUT_MS + SWEEP_SLACK_MS, `closed after ${ms} ms`);
    }
    assert.equal(silentResult.bytes.length, 0, 'an idle close sends nothing');
    assert.deepEqual(parseResponses(keepAliveResult.bytes).map((response) => response.status), [200]);
    assert.equal(srv.entries.length, before + 1, 'idle closes are not logged as requests');
  });

  it('a body trickled slower than bodyTimeoutMs gets 408 + close', async () => {
    const head = 'PUT /ok.txt HTTP/1.1\r\nHost: localhost\r\nContent-Length: 100\r\n\r\n';
    const startedAt = Date.now();
    const { bytes, closedByServer } = await rawExchange(srv.port, [head, ...'abcdefghijklmnopqrstuvwxyz'], { gapMs: 200, timeoutMs: 8000 });
    const elapsed = Date.now() - startedAt;
    assert.ok(closedByServer);
    assert.ok(elapsed <= HEADER_TIMEOUT_MS + SWEEP_SLACK_MS, `closed after ${elapsed} ms`);
    const [response] = parseResponses(bytes);
    assert.equal(response.status, 408);
    assert.equal(response.headers['connection'], 'close');
  });

  it('500 idle connections do not delay a real client', async () => {
    const busy = await startServer({ root: tree.dir, limits: { idleTimeoutMs: 30_000 } });
    const idle: net.Socket[] = [];
    try {
      for (let batch = 0; batch < 5; batch++) {
        idle.push(...await Promise.all(Array.from({ length: 100 }, () => connect(busy.port))));
      }
      await waitFor(() => busy.server.connectionCount === 500, 5000, '500 accepted connections');
      const startedAt = Date.now();
      const { bytes } = await rawExchange(busy.port, 'GET /ok.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
      const elapsed = Date.now() - startedAt;
      assert.ok(elapsed < 1000, `the real client waited ${elapsed} ms`);
      const [response] = parseResponses(bytes);
      assert.equal(response.status, 200);
      assert.equal(response.body.toString(), 'ok\n');
      assert.ok(idle.every((socket) => !socket.destroyed && socket.readyState === 'open'), 'idle connections stay open');
      await waitFor(() => busy.server.connectionCount === 500, 2000, 'the real client to be forgotten');
      idle.forEach((socket) => socket.destroy());
      await waitFor(() => busy.server.connectionCount === 0, 5000, 'all connections to close');
    } finally {
      idle.forEach((socket) => socket.destroy());
      await busy.close();
    }
  });
});
