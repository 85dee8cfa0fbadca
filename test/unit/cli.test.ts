// The headless CLI as users run it: `node dist/cli.js` spawned for real. Start line (network URLs for a wildcard
// bind), every raw request echoed byte-for-byte under its summary line, --quiet, --log-format summary, --open,
// --header warnings, `npm start -- DIR` relative to where npm ran, SIGTERM/SIGINT (keep-alive clients included) →
// exit 0 within a second with the port free, and bad arguments / missing folder / busy port → one stderr line and
// exit code 2.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { makeTree } from '../helpers/tempTree';
import { ROOT, exitWithin, killAll, requireBuiltCli, runCli, type Cli } from '../helpers/cliProcess';
import { reachableUrls } from '../../src/core/server/addresses';
import { request, single, waitFor } from './serverFixture';

function listenOn(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port, exclusive: true }, () => resolve(server));
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('cli: dist/cli.js', function () {
  let tree: ReturnType<typeof makeTree>;
  const running: Cli[] = [];

  before(function () {
    requireBuiltCli(this);
    tree = makeTree({ 'index.html': 'hello from the cli\n', 'sub/a.txt': 'a' });
  });
  after(() => tree?.cleanup());
  afterEach(() => killAll(running));

  /** Starts the CLI on a free port and waits for its start line; returns the port. */
  async function serve(extra: string[] = [], dirArg = tree.dir, cwd = ROOT, env: NodeJS.ProcessEnv = {}): Promise<{ cli: Cli; port: number }> {
    const cli = runCli([dirArg, '--port', '0', ...extra], cwd, env);
    running.push(cli);
    await waitFor(() => cli.stdout().includes('\n') || cli.child.exitCode !== null, 5000, 'the start line');
    const match = new RegExp(`^Serving ${escapeRegExp(dirArg)} at http://127\\.0\\.0\\.1:(\\d+)/\\n$`).exec(cli.stdout());
    assert.ok(match, `start line: ${JSON.stringify(cli.stdout())} ${cli.stderr()}`);
    return { cli, port: Number(match[1]) };
  }

  it('prints "Serving DIR at http://127.0.0.1:<port>/" with DIR as given, also a relative one', async () => {
    const { port } = await serve([], path.basename(tree.dir), path.dirname(tree.dir));
    const response = await single(port, request('/'));
    assert.deepEqual([response.status, response.body.toString()], [200, 'hello from the cli\n']);
  });

  it('echoes each raw request byte-for-byte under a summary line with "→ 200"', async () => {
    const { cli, port } = await serve();
    const sent = request('/sub/a.txt', ['User-Agent: cli-test/1.0', 'Accept: */*', 'X-Tab:\tvalue']);
    await single(port, sent);
    await waitFor(() => cli.stdout().includes(sent), 3000, 'the request on stdout');
    const start = cli.stdout().indexOf(sent);
    const summary = cli.stdout().slice(0, start).split('\n').at(-2) ?? '';
    assert.match(summary, /^\d\d:\d\d:\d\d\.\d{3} {2}127\.0\.0\.1:\d+ {2}c1#1 {2}GET \/sub\/a\.txt {2}→ 200 {2}\d+ B {2}[\d.]+ ms$/);
    assert.ok(cli.stdout().endsWith(sent), 'the head is printed as received, nothing after it');
  });

  it('echoes a refused request and a 405 with its body', async () => {
    const { cli, port } = await serve();
    await single(port, request('/x', ['Content-Length: 9'], 'POST') + 'key=value');
    await single(port, 'BREW /pot HTTP/1.1\r\nHost : x\r\n\r\n');
    await waitFor(() => cli.stdout().includes('Host : x'), 3000, 'the refused request');
    assert.match(cli.stdout(), /POST \/x {2}→ 405 .*\nPOST \/x HTTP\/1\.1\r\nHost: 127\.0\.0\.1\r\nContent-Length: 9\r\n\r\nkey=value\n/);
    assert.match(cli.stdout(), / {2}→ 400 [^→\n]*\nBREW \/pot HTTP\/1\.1\r\nHost : x\r\n\r\n/);
  });

  it('--quiet prints the start line only', async () => {
    const { cli, port } = await serve(['--quiet']);
    const response = await single(port, request('/'));
    assert.equal(response.status, 200);
    await new Promise((resolve) => setTimeout(resolve, 200)); // the log is flushed every 50 ms
    assert.equal(cli.stdout().split('\n').length, 2, JSON.stringify(cli.stdout()));
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} → exit code 0 within a second, and the port is free again`, async () => {
      const { cli, port } = await serve();
      const sentAt = Date.now();
      cli.child.kill(signal);
      const exit = await exitWithin(cli, 3000);
      assert.deepEqual(exit, { code: 0, signal: null });
      assert.ok(Date.now() - sentAt < 1000, `exited after ${Date.now() - sentAt} ms`);
      await closeServer(await listenOn(port));
    });
  }

  it('a signal sent the instant the start line appears still gives exit code 0 (handlers are installed first)', async () => {
    for (let i = 0; i < 8; i++) {
      const cli = runCli([tree.dir, '--port', '0']);
      running.push(cli);
      cli.child.stdout!.once('data', () => cli.child.kill(i % 2 === 0 ? 'SIGINT' : 'SIGTERM'));
      assert.deepEqual(await exitWithin(cli, 3000), { code: 0, signal: null }, `run ${i + 1}`);
    }
  });

  it('SIGTERM with a keep-alive client connected still exits promptly and closes that client', async () => {
    const { cli, port } = await serve();
    const socket = net.createConnection({ host: '127.0.0.1', port });
    socket.on('error', () => { /* a reset is fine */ });
    const clientClosed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    let received = '';
    socket.on('data', (chunk: Buffer) => { received += chunk.toString('latin1'); });
    socket.write(request('/'));
    await waitFor(() => received.endsWith('hello from the cli\n'), 3000, 'the keep-alive answer');
    const sentAt = Date.now();
    cli.child.kill('SIGTERM');
    const exit = await exitWithin(cli, 3000);
    assert.deepEqual(exit, { code: 0, signal: null });
    assert.ok(Date.now() - sentAt < 1000, `exited after ${Date.now() - sentAt} ms`);
    await Promise.race([clientClosed, new Promise((_, reject) => setTimeout(() => reject(new Error('client not closed')), 2000))]);
    await closeServer(await listenOn(port));
  });

  const failures: Array<[string, () => string[], RegExp]> = [
    ['a bad port', () => [tree.dir, '--port', 'abc'], /^raw-http-server: --port must be a whole number from 0 to 65535, not "abc"\n$/],
    ['an unknown option', () => ['--frobnicate'], /^raw-http-server: unknown option --frobnicate \(see --help\)\n$/],
    ['two folders', () => [tree.dir, tree.dir], /^raw-http-server: expected one folder, got 2: /],
    ['a missing DIR', () => [path.join(tree.dir, 'nope'), '--port', '0'], /^raw-http-server: folder not found: .*nope\n$/],
    ['a file as DIR', () => [path.join(tree.dir, 'index.html'), '--port', '0'], /^raw-http-server: not a folder: .*index\.html\n$/],
  ];
  for (const [title, args, message] of failures) {
    it(`${title} → one line on stderr, exit code 2`, async () => {
      const cli = runCli(args());
      running.push(cli);
      const exit = await exitWithin(cli, 5000);
      assert.deepEqual(exit, { code: 2, signal: null });
      assert.match(cli.stderr(), message);
      assert.equal(cli.stderr().split('\n').length, 2, 'exactly one line');
      assert.equal(cli.stdout(), '');
    });
  }

  it('a port in use → one line naming the port, exit code 2', async () => {
    const blocker = await listenOn(0);
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const cli = runCli([tree.dir, '--port', String(port)]);
      running.push(cli);
      const exit = await exitWithin(cli, 5000);
      assert.deepEqual(exit, { code: 2, signal: null });
      assert.equal(cli.stderr(), `raw-http-server: port ${port} is already in use on 127.0.0.1 (try --port 0 for any free port)\n`);
    } finally {
      await closeServer(blocker);
    }
  });

  it('--help prints the usage and exits 0', async () => {
    const cli = runCli(['--help']);
    running.push(cli);
    assert.deepEqual(await exitWithin(cli, 5000), { code: 0, signal: null });
    assert.match(cli.stdout(), /^Usage: raw-http-server \[DIR\] \[options\]\n[\s\S]*-p, --port N[\s\S]*--quiet/);
    for (const flag of ['--open', '--live', '--spa PATH', '--header', '--corp VALUE', '--log-format', '--log-responses', '--log-secrets']) {
      assert.ok(cli.stdout().includes(`  ${flag}`), `--help lists ${flag}`);
    }
    assert.equal(cli.stderr(), '');
  });

  it('--log-format summary prints one line per request, nothing of the head', async () => {
    const { cli, port } = await serve(['--log-format', 'summary', '-p', '0']);
    await single(port, request('/sub/a.txt', ['User-Agent: cli-test/1.0']));
    await waitFor(() => cli.stdout().split('\n').length >= 3, 3000, 'the summary line');
    await new Promise((resolve) => setTimeout(resolve, 120));
    const lines = cli.stdout().split('\n');
    assert.equal(lines.length, 3, JSON.stringify(cli.stdout()));
    assert.match(lines[1], /c1#1 {2}GET \/sub\/a\.txt {2}→ 200 {2}\d+ B {2}[\d.]+ ms$/);
  });

  it('--open runs the opener (RAW_HTTP_SERVER_OPEN_COMMAND) with the served URL, without blocking', async () => {
    const opened = path.join(tree.dir, '..', `${path.basename(tree.dir)}-opened.txt`);
    const opener = path.join(tree.dir, '..', `${path.basename(tree.dir)}-opener.sh`);
    fs.writeFileSync(opener, `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\nsleep 1\n`, { mode: 0o755 });
    try {
      const { cli, port } = await serve(['--open'], tree.dir, ROOT, { RAW_HTTP_SERVER_OPEN_COMMAND: opener });
      await waitFor(() => fs.existsSync(opened) && fs.readFileSync(opened, 'utf8') !== '', 3000, 'the opener');
      assert.equal(fs.readFileSync(opened, 'utf8'), `http://127.0.0.1:${port}/`);
      assert.equal((await single(port, request('/'))).status, 200, 'serving while the opener still runs');
      assert.equal(cli.stderr(), '');
    } finally {
      fs.rmSync(opened, { force: true });
      fs.rmSync(opener, { force: true });
    }
  });

  it('--open with an opener that cannot run → a warning, and the server keeps serving', async () => {
    const { cli, port } = await serve(['--open'], tree.dir, ROOT, { RAW_HTTP_SERVER_OPEN_COMMAND: path.join(tree.dir, 'no-such-opener') });
    await waitFor(() => cli.stderr() !== '', 3000, 'the warning');
    assert.match(cli.stderr(), /^raw-http-server: warning: could not open a browser \(.*no-such-opener\): .*ENOENT.*\n$/);
    assert.equal((await single(port, request('/'))).status, 200);
  });

  it('--header: a bad entry is reported on stderr and skipped, the server still starts', async () => {
    const { cli, port } = await serve(['--header', 'X-Good: 1', '--header', 'Connection: close']);
    assert.equal(cli.stderr(), 'raw-http-server: warning: --header skipped: header "Connection" for "**": Connection is set '
      + 'by the server itself (framing or hop-by-hop) and cannot be overridden\n');
    assert.equal((await single(port, request('/'))).status, 200);
  });

  it('--host 0.0.0.0: the start line gives the loopback URL, then one line per network address; a warning on stderr', async () => {
    const cli = runCli([tree.dir, '--port', '0', '--host', '0.0.0.0']);
    running.push(cli);
    await waitFor(() => /^Serving .*\n/.test(cli.stdout()) || cli.child.exitCode !== null, 5000, 'the start line');
    await new Promise((resolve) => setTimeout(resolve, 100));
    const [first, ...rest] = cli.stdout().split('\n');
    const match = new RegExp(`^Serving ${escapeRegExp(tree.dir)} at http://127\\.0\\.0\\.1:(\\d+)/$`).exec(first);
    assert.ok(match, first);
    const port = Number(match[1]);
    const expected = reachableUrls('0.0.0.0', port, os.networkInterfaces()).network;
    assert.deepEqual(rest, [...expected.map((url) => `  on your network: ${url}`), '']);
    assert.ok(expected.every((url) => url.startsWith('http://') && !url.startsWith('http://[')), 'IPv4 only for 0.0.0.0');
    assert.match(cli.stderr(), /^raw-http-server: warning: listening on 0\.0\.0\.0: the server is reachable from other machines\n$/);
    assert.equal((await single(port, request('/'))).status, 200);
  });

  it('--live says each batch of changes on stderr: "raw-http-server: info: live: NAME changed → …"', async () => {
    const { cli } = await serve(['--live']);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the watcher is in place once its folders are read
    fs.writeFileSync(path.join(tree.dir, 'live-note.txt'), `changed ${Date.now()}`);
    try {
      await waitFor(() => cli.stderr().includes('raw-http-server: info: live: live-note.txt changed → no pages open\n'), 10_000,
        'the live line');
    } finally {
      fs.rmSync(path.join(tree.dir, 'live-note.txt'), { force: true });
    }
  });

  it('`npm start -- DIR` resolves a relative DIR against INIT_CWD (where npm was run), not the package folder', async () => {
    const parent = path.dirname(tree.dir);
    const cli = runCli([path.basename(tree.dir), '--port', '0'], ROOT, { INIT_CWD: parent }, path.join(ROOT, 'scripts', 'start.mjs'));
    try {
      await waitFor(() => cli.stdout().includes('\n') || cli.child.exitCode !== null, 10000, 'the start line');
      const match = new RegExp(`^Serving ${escapeRegExp(path.basename(tree.dir))} at http://127\\.0\\.0\\.1:(\\d+)/\\n`).exec(cli.stdout());
      assert.ok(match, `${cli.stdout()} ${cli.stderr()}`);
      const response = await single(Number(match[1]), request('/'));
      // npm start serves live: the page is the file plus the injected live-reload client.
      assert.deepEqual([response.status, response.body.toString()], [200, 'hello from the cli\n<script src="__raw-http/live.js"></script>']);
    } finally {
      cli.child.kill('SIGTERM'); // start.mjs passes it on to the CLI (a SIGKILL would leave the CLI running)
    }
    assert.deepEqual(await exitWithin(cli, 3000), { code: 0, signal: null });
  });
});
