// Log integrity through the real CLI (dist/cli.js) over loopback sockets: no request can forge a summary line or a
// notice line, write terminal escapes (OSC 52 clipboard, window title, CSI), a bare CR, C1 controls, line
// separators or bidi controls to stdout or stderr, and secret header values are redacted unless --log-secrets.

import * as assert from 'node:assert/strict';
import { makeTree } from '../helpers/tempTree';
import { killAll, requireBuiltCli, runCli, type Cli } from '../helpers/cliProcess';
import { exchange, request, waitFor } from './serverFixture';

const SUMMARY = /^\d\d:\d\d:\d\d\.\d{3} {2}\S+ {2}c\d+#\d+ {2}/;
/** What must never reach the terminal from a client: C0 controls but TAB and LF, DEL, C1, U+2028/9, bidi controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const FORBIDDEN = /[\x00-\x08\x0B-\x1F\x7F-\x9F\u2028\u2029\u202A-\u202E\u2066-\u2069]/;

/** The log with each CRLF (the raw head's own line ends) made a plain LF, so any other CR is a bare one. */
function lines(text: string): string[] {
  return text.replace(/\r\n/g, '\n').split('\n');
}

const ATTACKS: Array<[string, string | Buffer]> = [
  ['a forged summary line',
    'GET /.x%0A12:34:56.789%20%20127.0.0.1:50000%20%20c1%231%20%20%E2%86%92%20200%20%20291%20B%20%200.20%20ms HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'],
  ['a forged notice line', request('/.x%0A%C2%BB%20[info]%20Stopped')],
  ['OSC 52 (clipboard write)', request('/.x%1B]52;c;cHduZWQ=%07')],
  ['OSC 0 (window title)', request('/.x%1B]0;owned%07')],
  ['a bare CR', request('/.aaaa%0Dfake')],
  ['CSI and NEL as raw bytes in Host', Buffer.from('GET / HTTP/1.1\r\nHost: a\x85b\x9B31m\r\n\r\n', 'latin1')],
  ['C1 bytes in an unknown Transfer-Encoding',
    Buffer.from('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: x\x85\x9B2J, chunked\r\n\r\n', 'latin1')],
  ['C1 bytes in an unknown Transfer-Encoding (alone)',
    Buffer.from('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: x\x85\x9B2J\r\n\r\n', 'latin1')],
  ['line and paragraph separators, bidi overrides', request('/.x%E2%80%A8y%E2%80%A9z%E2%80%AEw%E2%81%A6v')],
  ['a raw arrow and guillemet in the head', Buffer.from('GET /\u2192 HTTP/1.1\r\nHost: 127.0.0.1\r\nX: \u00BB [info] \u2192 200\r\n\r\n', 'utf8')],
];

describe('logIntegrity: dist/cli.js cannot be made to print forged lines or terminal controls', function () {
  let tree: ReturnType<typeof makeTree>;
  const running: Cli[] = [];

  before(function () {
    requireBuiltCli(this);
    tree = makeTree({ 'index.html': 'hi\n' });
  });
  after(() => tree?.cleanup());
  afterEach(() => killAll(running));

  async function serve(extra: string[] = []): Promise<{ cli: Cli; port: number }> {
    const cli = runCli([tree.dir, '--port', '0', ...extra]);
    running.push(cli);
    await waitFor(() => cli.stdout().includes('\n') || cli.child.exitCode !== null, 5000, 'the start line');
    const match = /^Serving .* at http:\/\/127\.0\.0\.1:(\d+)\/\n/.exec(cli.stdout());
    assert.ok(match, `start line: ${JSON.stringify(cli.stdout())} ${cli.stderr()}`);
    return { cli, port: Number(match[1]) };
  }

  /** Sends one request on its own connection and waits until its entry is on stdout; returns that entry's text. */
  async function logOf(cli: Cli, port: number, data: string | Buffer): Promise<string> {
    const before = cli.stdout().length;
    await exchange(port, data, [], { expect: 1 });
    await waitFor(() => lines(cli.stdout().slice(before)).some((line) => SUMMARY.test(line)), 3000, 'the summary line');
    await new Promise((resolve) => setTimeout(resolve, 120)); // the CLI flushes its log every 50 ms
    return cli.stdout().slice(before);
  }

  for (const flags of [[], ['--log-format', 'summary', '--log-responses']]) {
    const format = flags.length === 0 ? 'full' : 'summary';
    describe(flags.length === 0 ? 'default options (full format)' : flags.join(' '), () => {
      let shared: { cli: Cli; port: number };
      before(async () => {
        shared = await serve(flags);
        running.splice(running.indexOf(shared.cli), 1); // kept for the whole group, not killed after each test
      });
      after(() => killAll([shared.cli]));

      for (const [title, data] of ATTACKS) {
        it(`${title}: one summary line, one "→", no "»", no controls`, async () => {
          const { cli, port } = shared;
          const text = await logOf(cli, port, data);
          const all = lines(text);
          const summaries = all.filter((line) => SUMMARY.test(line));
          assert.equal(summaries.length, 1, `exactly one summary line:\n${text}`);
          assert.equal(summaries[0].split('→').length, 2, `one arrow on the summary line: ${summaries[0]}`);
          for (const line of all.filter((candidate) => !SUMMARY.test(candidate))) {
            assert.ok(!line.includes('→'), `no "→" outside the summary line: ${JSON.stringify(line)}`);
          }
          assert.ok(!text.includes('»') && !cli.stderr().includes('»'), `no "»": ${text}`);
          for (const [stream, output] of [['stdout', text], ['stderr', cli.stderr()]]) {
            assert.doesNotMatch(output.replace(/\r\n/g, '\n'), FORBIDDEN, `${stream}: ${JSON.stringify(output)}`);
          }
          if (format === 'summary') {
            assert.equal(all.filter((line) => line !== '' && !line.startsWith('←')).length, 1, `one line: ${text}`);
          }
        });
      }
    });
  }

  it('the summary line shows the escaped reason that quotes the path', async () => {
    const { cli, port } = await serve();
    const text = await logOf(cli, port, request('/.x%1B]0;owned%07'));
    assert.match(lines(text)[0], /GET \/\.x%1B\]0;owned%07 {2}→ 404 .* ms {2}dotfile "\.x\\x1B\]0;owned\\x07" refused/);
  });

  it('Cookie and Authorization values are redacted by default and shown with --log-secrets', async () => {
    const secret = request('/', ['Cookie: sid=top-secret', 'Authorization: Bearer hunter2']);
    const hidden = await serve();
    const redacted = await logOf(hidden.cli, hidden.port, secret);
    assert.ok(redacted.includes('\r\nCookie: ‹redacted, 14 bytes›\r\nAuthorization: ‹redacted, 14 bytes›\r\n'), redacted);
    assert.ok(!redacted.includes('top-secret') && !redacted.includes('hunter2'));
    const shown = await serve(['--log-secrets']);
    assert.ok((await logOf(shown.cli, shown.port, secret)).includes(secret));
  });

  it('a warning that quotes an argument is escaped on stderr too', async () => {
    const { cli } = await serve(['--header', 'x\x1B]0;owned\x07\u2028']);
    assert.equal(cli.stderr(), 'raw-http-server: warning: --header "x\\x1B]0;owned\\x07\\u{2028}" skipped: expected "Name: value"\n');
  });
});
