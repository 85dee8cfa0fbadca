// The cURL export run for real: each recorded request is sent again by the command toCurl writes (through bash, as
// a user would paste it) and must get the same status and body, and reach the server with the same head: ".." kept
// (--path-as-is), headers in raw order, text and binary bodies, chunked, HEAD. Skipped without curl and bash
// (failed instead when CI is set).

import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { toCurl } from '../../src/core/inspect';
import { printfBody, shellQuote } from '../../src/core/inspect/shellQuote';
import { parseResponses, rawExchange, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';

function installed(command: string): boolean {
  try {
    execFileSync('which', [command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function runShell(script: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', `${script} --silent --show-error --max-time 5 --include`], { encoding: 'buffer', timeout: 8000 },
      (error, stdout, stderr) => (error ? reject(new Error(`${script}: ${stderr.toString()}`)) : resolve(stdout)));
  });
}

describe('inspect: toCurl against a real server with the real curl', function () {
  let tree: ReturnType<typeof makeTree>;
  let srv: TestServer;
  before(async function () {
    if (!installed('curl') || !installed('bash')) {
      if (process.env.CI) {
        throw new Error('curl and bash are required on CI');
      }
      this.skip();
    }
    tree = makeTree({ 'index.html': '<p>hi</p>\n' }, 'raw-http-curl-export-');
    srv = await startServer({ root: tree.dir, capture: ['/hook/**'], logBodyBytes: 64 * 1024 });
  });
  after(async () => {
    await srv?.close();
    tree?.cleanup();
  });

  /** Sends `wire`, exports its record, runs the command; returns both responses and both records. */
  async function roundTrip(wire: Buffer | string): Promise<void> {
    const first = srv.entries.length;
    const original = parseResponses((await rawExchange(srv.port, wire, { idleMs: 150 })).bytes);
    const record = srv.entries[first];
    const command = toCurl(record, `http://127.0.0.1:${srv.port}`);
    const again = parseResponses(await runShell(command.replace(/^#.*\n/, '')));
    assert.equal(again[0].status, original[0].status, command);
    assert.equal(again[0].body.toString('latin1'), original[0].body.toString('latin1'), command);
    const replayed = srv.entries[first + 1];
    assert.equal(replayed.rawHead.toString('latin1'), record.rawHead.toString('latin1'), 'the same head reached the server');
    assert.equal(replayed.bodyPreview.toString('latin1'), record.bodyPreview.toString('latin1'), 'the same body bytes');
  }

  it('a GET with headers in raw order, and a target with ".." kept as is (→ 403 both times)', async () => {
    await roundTrip('GET /index.html?q=1 HTTP/1.1\r\nHost: localhost\r\nX-Second: b\r\nAccept: */*\r\nX-First: it\'s\r\n\r\n');
    await roundTrip('GET /a/../index.html HTTP/1.1\r\nHost: localhost\r\n\r\n');
  });

  it('a form POST and a binary body (NUL, CR, 0xFF, quotes) through printf and stdin', async () => {
    await roundTrip('POST /hook/form HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 21\r\n\r\nname=John&surname=Doe');
    const binary = Buffer.from([0, 13, 10, 0xff, 0x27, 0x22, 0x5c, 0x24, 0x41, 0x31]);
    await roundTrip(Buffer.concat([Buffer.from(`PUT /hook/bin HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/octet-stream\r\nContent-Length: ${binary.length}\r\n\r\n`), binary]));
  });

  it('a HEAD request (curl --head)', async () => {
    const first = srv.entries.length;
    await rawExchange(srv.port, 'HEAD /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n', { idleMs: 150 });
    const command = toCurl(srv.entries[first], `http://127.0.0.1:${srv.port}`);
    assert.match(command, / --head /);
    assert.match((await runShell(command)).toString('latin1'), /^HTTP\/1\.1 200 OK/);
    assert.equal(srv.entries[first + 1].rawHead.toString(), srv.entries[first].rawHead.toString());
  });

  it('a body starting with "@" is sent as data, never read from a file', async () => {
    const first = srv.entries.length;
    await rawExchange(srv.port, 'POST /hook/at HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\n@/etc/hosts', { idleMs: 150 });
    const command = toCurl(srv.entries[first], `http://127.0.0.1:${srv.port}`);
    assert.match(command, /--data-raw '@\/etc\/hosts'/);
  });
});

describe('inspect: shellQuote', () => {
  it("single quotes, with ' as '\\''; other bytes as $'\\xNN'", () => {
    assert.equal(shellQuote("it's"), `'it'\\''s'`);
    assert.equal(shellQuote(Buffer.from([0x61, 0x0d, 0x0a, 0x27, 0xff])), "$'a\\x0d\\x0a\\'\\xff'");
    assert.equal(printfBody(Buffer.from([0x61, 0, 0x25, 0xff])), "printf 'a\\000\\045\\377'");
  });
});
