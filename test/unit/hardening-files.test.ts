// Hardening of the file layer, over real sockets and real files: a name swapped between a file and a symlink out of
// the root never serves the outside file (and the cache never keeps it); a FIFO swapped onto a served name cannot
// hang the process; a symlink alias of a refused file is neither served nor listed; a huge folder lists with a cap
// while other requests stay fast; slow readers cannot pin unbounded buffers, and the pool is freed on close.

import * as assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { parseResponses, rawExchange, request, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { BufferPool, LARGE_LOAN_BYTES } from '../../src/core/server/bufferPool';

const SECRET = 'OUTSIDE-SECRET\n';
const INSIDE = 'inside\n';

/** Runs `script` (a node program) in a child process for at most `ms`: the swapping happens on another core. */
function swapLoop(script: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms + 2000);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

async function get(srv: TestServer, target: string): Promise<{ status: number; body: string }> {
  const { bytes } = await rawExchange(srv.port, request(target, ['Connection: close']), { timeoutMs: 4000 });
  const [response] = parseResponses(bytes);
  return { status: response?.status ?? 0, body: response?.body.toString() ?? '' };
}

describe('hardening: files', function () {
  this.timeout(30_000);
  let outside: ReturnType<typeof makeTree>;
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;
  beforeEach(async () => {
    outside = makeTree({ 'secret.txt': SECRET }, 'raw-http-outside-');
    tree = makeTree({ 'ok.txt': 'ok\n', 'swap.txt': INSIDE, '.env': 'TOKEN=1\n', 'safe.txt': { symlink: '.env' } }, 'raw-http-hard-');
    srv = await startServer({ root: tree.dir });
  });
  afterEach(async () => {
    await srv.close();
    tree.cleanup();
    outside.cleanup();
  });

  it('a name swapped between a file and a symlink out of the root never serves the outside file, nor caches it', async () => {
    const swap = path.join(tree.dir, 'swap.txt');
    const script = `const fs = require('fs'); const end = Date.now() + 2500; let n = 0;
      while (Date.now() < end) { const tmp = ${JSON.stringify(swap)} + '.' + (n++ % 2 ? 'l' : 'f');
        try { if (n % 2) { fs.symlinkSync(${JSON.stringify(path.join(outside.dir, 'secret.txt'))}, tmp); }
              else { fs.writeFileSync(tmp, ${JSON.stringify(INSIDE)}); }
              fs.renameSync(tmp, ${JSON.stringify(swap)}); } catch {} }`;
    const looping = swapLoop(script, 2500);
    let leaked = 0;
    let served = 0;
    const started = Date.now();
    while (Date.now() - started < 2400) {
      const answers = await Promise.all([0, 1, 2, 3].map(() => get(srv, '/swap.txt')));
      for (const answer of answers) {
        served += answer.status === 200 ? 1 : 0;
        leaked += answer.body.includes('OUTSIDE-SECRET') ? 1 : 0;
      }
    }
    await looping;
    assert.equal(leaked, 0, `the outside file was served ${leaked} times`);
    assert.ok(served > 0, 'the inside file was served at times');
    fs.rmSync(swap, { force: true });
    fs.symlinkSync(path.join(outside.dir, 'secret.txt'), swap);
    const after = await get(srv, '/swap.txt');
    assert.equal(after.status, 403, 'a plain outside symlink is refused afterwards');
  });

  it('a FIFO swapped onto a served name never hangs the server; other requests keep being answered', async function () {
    const fifo = path.join(tree.dir, 'pipe');
    try {
      execFileSync('mkfifo', [fifo]);
    } catch {
      this.skip(); // no mkfifo (Windows)
    }
    const name = path.join(tree.dir, 'swap.txt');
    const script = `const fs = require('fs'); const end = Date.now() + 2000; let n = 0;
      while (Date.now() < end) { const tmp = ${JSON.stringify(name)} + '.t';
        try { if (n++ % 2) { fs.linkSync(${JSON.stringify(fifo)}, tmp); } else { fs.writeFileSync(tmp, 'x'); }
              fs.renameSync(tmp, ${JSON.stringify(name)}); } catch {} }`;
    const looping = swapLoop(script, 2000);
    const statuses = new Set<number>();
    const started = Date.now();
    while (Date.now() - started < 1900) {
      const [swapped, ok] = await Promise.all([get(srv, '/swap.txt'), get(srv, '/ok.txt')]);
      statuses.add(swapped.status);
      assert.equal(ok.status, 200, 'a plain file is still served while the FIFO races');
    }
    await looping;
    assert.ok(!statuses.has(0), `every request was answered (${[...statuses].join(', ')})`);
    assert.equal((await get(srv, '/pipe')).status, 403, 'a FIFO is not a regular file');
  });

  it('a symlink alias of a refused file (safe.txt → .env) is neither served nor listed', async () => {
    const served = await get(srv, '/safe.txt');
    assert.equal(served.status, 404);
    assert.ok(!served.body.includes('TOKEN'));
    const listing = await get(srv, '/');
    assert.equal(listing.status, 200);
    assert.ok(listing.body.includes('ok.txt'), listing.body);
    assert.ok(!listing.body.includes('safe.txt'), 'the alias is not listed');
  });

  it('Cross-Origin-Resource-Policy: same-site on files, errors and 304s by default', async () => {
    for (const target of ['/ok.txt', '/missing.txt', '/.env']) {
      const { bytes } = await rawExchange(srv.port, request(target, ['Connection: close']));
      assert.match(parseResponses(bytes)[0].head, /\r\nCross-Origin-Resource-Policy: same-site\r\n/, target);
    }
  });

  it('a request without Host (HTTP/1.0) after one with an empty Host is answered, not refused as malformed', async () => {
    const first = await rawExchange(srv.port, 'GET /ok.txt HTTP/1.1\r\nHost:\r\nConnection: close\r\n\r\n');
    assert.equal(parseResponses(first.bytes)[0].status, 400, 'an empty Host is malformed');
    const second = await rawExchange(srv.port, 'GET /ok.txt HTTP/1.0\r\n\r\n');
    assert.equal(parseResponses(second.bytes)[0].status, 200);
  });
});

describe('hardening: policy headers can be changed', () => {
  let tree: ReturnType<typeof makeTree>;
  after(() => tree.cleanup());
  for (const [value, expected] of [['off', undefined], ['cross-origin', 'cross-origin'], ['same-origin', 'same-origin']] as const) {
    it(`crossOriginResourcePolicy ${value}`, async () => {
      tree ??= makeTree({ 'ok.txt': 'ok\n' }, 'raw-http-corp-');
      const srv = await startServer({ root: tree.dir, policy: { crossOriginResourcePolicy: value } });
      try {
        const { bytes } = await rawExchange(srv.port, request('/ok.txt', ['Connection: close']));
        assert.equal(parseResponses(bytes)[0].headers['cross-origin-resource-policy'], expected);
      } finally {
        await srv.close();
      }
    });
  }
});

describe('hardening: huge folders', function () {
  this.timeout(60_000);
  const COUNT = 20_000;
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;
  before(async () => {
    tree = makeTree({ 'ok.txt': 'ok\n', 'big/': '' }, 'raw-http-huge-');
    const big = path.join(tree.dir, 'big');
    for (let i = 0; i < COUNT; i++) {
      fs.writeFileSync(path.join(big, `f${String(i).padStart(5, '0')}.txt`), '');
    }
    srv = await startServer({ root: tree.dir });
  });
  after(async () => {
    await srv.close();
    tree.cleanup();
  });

  it('20 listings at once of a 20,000-entry folder are capped, and a small GET meanwhile stays fast', async () => {
    const listings = Promise.all(Array.from({ length: 20 }, () =>
      rawExchange(srv.port, request('/big/', ['Connection: close']), { timeoutMs: 30_000, idleMs: 25_000 })));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const began = performance.now();
    const small = await rawExchange(srv.port, request('/ok.txt', ['Connection: close']));
    const smallMs = performance.now() - began;
    assert.equal(parseResponses(small.bytes)[0].status, 200);
    assert.ok(smallMs < 500, `a small GET took ${smallMs.toFixed(0)} ms during 20 listings`);
    for (const { bytes } of await listings) {
      const [response] = parseResponses(bytes);
      assert.equal(response.status, 200);
      assert.match(response.body.toString(), /15000 more entries not listed/);
    }
  });
});

describe('hardening: slow readers and the buffer pool', function () {
  this.timeout(30_000);

  it('under pressure, loans shrink instead of growing; idle buffers are bounded and freed by clear()', () => {
    const pool = new BufferPool({ pressureBytes: 4 * LARGE_LOAN_BYTES, idleBytes: 512 * 1024 });
    const loans = Array.from({ length: 4 }, () => pool.take());
    assert.ok(loans.every((buffer) => buffer.length === LARGE_LOAN_BYTES));
    assert.ok(pool.underPressure);
    const small = pool.take();
    assert.equal(small.length, 16 * 1024, 'a loan under pressure is small');
    for (const buffer of [...loans, small]) {
      pool.give(buffer);
    }
    assert.equal(pool.lentBytes, 0);
    assert.ok(pool.idleByteCount <= 512 * 1024, 'idle bytes stay under their cap');
    pool.clear();
    assert.equal(pool.idleByteCount, 0);
  });

  it('150 clients that never read a 2 MiB download pin a bounded amount of memory; close() frees the pool', async () => {
    const tree = makeTree({ 'big.bin': Buffer.alloc(2 * 1024 * 1024, 7) }, 'raw-http-slow-');
    const srv = await startServer({ root: tree.dir });
    const sockets: net.Socket[] = [];
    try {
      for (let i = 0; i < 150; i++) {
        const socket = net.createConnection({ host: '127.0.0.1', port: srv.port });
        socket.on('error', () => undefined);
        socket.write(request('/big.bin'));
        socket.pause(); // never reads: the server's writes back up
        sockets.push(socket);
      }
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const lentMiB = srv.server.pool.lentBytes / 1024 / 1024;
      assert.ok(lentMiB <= 34, `${lentMiB.toFixed(1)} MiB lent to 150 stalled downloads (unbounded: 75 MiB)`);
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await srv.close();
      tree.cleanup();
    }
    assert.equal(srv.server.pool.idleByteCount, 0, 'the pool is freed when the server stops');
  });
});
