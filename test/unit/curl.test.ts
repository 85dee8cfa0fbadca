// Interoperability with a real client: curl against a RawHttpServer for a plain GET, HEAD (-I), a range (-r),
// HTTP/1.0 (--http1.0) and a conditional GET (If-None-Match → 304). Skipped when curl is not installed.

import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import { startServer, type TestServer, readHead } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

const BODY = crypto.randomBytes(300 * 1024); // streamed from disk (over the small-file cache size)

function hasCurl(): boolean {
  try {
    execFileSync('which', ['curl'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Runs curl with a time limit; resolves with stdout as bytes. */
function curl(args: string[]): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('curl', ['--silent', '--show-error', '--max-time', '5', ...args], { encoding: 'buffer', timeout: 8000 },
      (error, stdout, stderr) => (error ? reject(new Error(`curl ${args.join(' ')}: ${stderr.toString()}`)) : resolve(stdout)));
  });
}

/** curl -i output → status line, lower-cased headers, body. */
function split(output: Buffer): { statusLine: string; headers: Record<string, string>; body: Buffer } {
  const head = readHead(output);
  assert.ok(head, `no head in ${output.toString('latin1').slice(0, 200)}`);
  return { statusLine: head.statusLine, headers: head.headers, body: output.subarray(head.bodyStart) };
}

describe('curl interoperability', () => {
  let tree: ReturnType<typeof makeTree>;
  let ts: TestServer;
  let base: string;

  before(async function () {
    if (!hasCurl()) {
      console.log('    skipped: curl is not installed');
      this.skip();
    }
    tree = makeTree({ 'file.bin': BODY, 'page.html': '<p>hi</p>' });
    ts = await startServer({ root: tree.dir });
    base = `http://127.0.0.1:${ts.port}`;
  });
  after(async () => {
    await ts?.close();
    tree?.cleanup();
  });

  it('GET: the body equals the file', async () => {
    const body = await curl([`${base}/file.bin`]);
    assert.ok(body.equals(BODY), `got ${body.length} bytes`);
  });

  it('-I sends HEAD and gets the headers only', async () => {
    const { statusLine, headers, body } = split(await curl(['-I', `${base}/page.html`]));
    assert.equal(statusLine, 'HTTP/1.1 200 OK');
    assert.deepEqual([headers['content-type'], headers['content-length'], headers['accept-ranges']], ['text/html; charset=utf-8', '9', 'bytes']);
    assert.equal(body.length, 0);
    assert.equal(ts.entries.at(-1)?.method, 'HEAD');
  });

  it('-r 0-9 gets a 206 with the first ten bytes', async () => {
    const { statusLine, headers, body } = split(await curl(['-i', '-r', '0-9', `${base}/file.bin`]));
    assert.equal(statusLine, 'HTTP/1.1 206 Partial Content');
    assert.equal(headers['content-range'], `bytes 0-9/${BODY.length}`);
    assert.ok(body.equals(BODY.subarray(0, 10)));
  });

  it('--http1.0 is answered and the connection closed', async () => {
    const { statusLine, headers, body } = split(await curl(['-i', '--http1.0', `${base}/page.html`]));
    assert.equal(statusLine, 'HTTP/1.1 200 OK');
    assert.equal(headers.connection, 'close');
    assert.equal(body.toString(), '<p>hi</p>');
    assert.match(ts.entries.at(-1)?.rawHead.toString('latin1') ?? '', /^GET \/page\.html HTTP\/1\.0\r\n/);
  });

  it('-H "If-None-Match: <ETag>" → 304 with no body', async () => {
    const first = split(await curl(['-i', `${base}/page.html`]));
    const etag = first.headers.etag;
    assert.match(etag, /^W\/"/);
    const { statusLine, body } = split(await curl(['-i', '-H', `If-None-Match: ${etag}`, `${base}/page.html`]));
    assert.equal(statusLine, 'HTTP/1.1 304 Not Modified');
    assert.equal(body.length, 0);
  });

  it('several URLs on one connection (keep-alive) are all answered', async () => {
    const before = ts.entries.length;
    const output = await curl([`${base}/page.html`, `${base}/page.html`, `${base}/page.html`]);
    assert.equal(output.toString(), '<p>hi</p>'.repeat(3));
    const connections = new Set(ts.entries.slice(before).map((entry) => entry.connectionId));
    assert.equal(connections.size, 1, 'one connection reused');
  });
});
