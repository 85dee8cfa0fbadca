// The spawned CLI with --capture and --har: captured form posts are echoed, and on SIGTERM every exchange is written
// as HAR 1.2 (secrets redacted without --log-secrets). The recorder's bound (last N, a comment about the dropped)
// is tested on the recorder itself. Needs dist/cli.js (node esbuild.mjs).

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ExchangeRecord } from '../../src/core/events';
import { HarRecorder } from '../../src/cli/harRecorder';
import { parseCliArgs } from '../../src/cli/args';
import { exitWithin, killAll, runCli, type Cli } from '../helpers/cliProcess';
import { parseResponses, rawExchange } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { waitFor } from '../helpers/wait';

function record(index: number): ExchangeRecord {
  return { startedAt: Date.now(), client: '127.0.0.1:1', connectionId: 1, requestIndex: index, method: 'GET', target: '/',
    rawHead: Buffer.from('GET / HTTP/1.1\r\nHost: localhost\r\n\r\n'), rawHeadOmitted: 0, bodyPreview: Buffer.alloc(0),
    bodyBytes: 0, status: 200, bytesSent: 0, durationMs: 1, aborted: false };
}

describe('CLI: --capture and --har', () => {
  const running: Cli[] = [];
  let tree: ReturnType<typeof makeTree>;
  before(() => {
    tree = makeTree({ 'index.html': 'hi\n' }, 'raw-http-cli-har-');
  });
  after(() => tree.cleanup());
  afterEach(() => killAll(running));

  it('writes every exchange as HAR when stopped with SIGTERM', async () => {
    const harFile = path.join(tree.dir, 'out.har');
    const cli = runCli([tree.dir, '--port', '0', '--quiet', '--capture', '/hook/**', '--har', harFile]);
    running.push(cli);
    await waitFor(() => /:(\d+)\/\n/.test(cli.stdout()) || cli.child.exitCode !== null, 5000, 'the start line');
    const port = Number(/:(\d+)\/\n/.exec(cli.stdout())![1]);
    const form = 'POST /hook/f HTTP/1.1\r\nHost: localhost\r\nCookie: s=secret\r\nContent-Type: application/x-www-form-urlencoded\r\n'
      + 'Content-Length: 21\r\n\r\nname=John&surname=Doe';
    const [echo] = parseResponses((await rawExchange(port, form, { idleMs: 150 })).bytes);
    assert.deepEqual((JSON.parse(echo.body.toString()) as { form: unknown }).form, { name: 'John', surname: 'Doe' });
    await rawExchange(port, 'GET /index.html HTTP/1.1\r\nHost: localhost\r\n\r\n', { idleMs: 150 });
    cli.child.kill('SIGTERM');
    assert.equal((await exitWithin(cli, 5000)).code, 0);
    const har = JSON.parse(fs.readFileSync(harFile, 'utf8')) as { log: { version: string; creator: { name: string };
      entries: Array<{ request: { method: string; url: string; postData?: { text: string }; cookies: unknown }; response: { status: number }; _reason: string }> } };
    assert.equal(har.log.version, '1.2');
    assert.equal(har.log.creator.name, 'raw-http-server');
    assert.deepEqual(har.log.entries.map((entry) => `${entry.request.method} ${entry.request.url} ${entry.response.status}`),
      ['POST http://localhost/hook/f 200', 'GET http://localhost/index.html 200']);
    assert.equal(har.log.entries[0].request.postData?.text, 'name=John&surname=Doe');
    assert.equal(har.log.entries[0]._reason, 'captured');
    assert.doesNotMatch(JSON.stringify(har), /secret/);
  });

  it('the recorder keeps the last N and says in the HAR comment how many were dropped', () => {
    const file = path.join(tree.dir, 'bounded.har');
    const recorder = new HarRecorder(file, false, 'test', 3);
    for (let i = 1; i <= 5; i++) {
      recorder.add(record(i));
    }
    recorder.write();
    const har = JSON.parse(fs.readFileSync(file, 'utf8')) as { log: { comment: string; entries: unknown[] } };
    assert.equal(har.log.entries.length, 3);
    assert.match(har.log.comment, /^2 older exchanges were dropped \(the CLI keeps the last 3\)$/);
  });

  it('parses --capture (repeatable), --capture-max-body-bytes, --capture-status, --capture-body and --har', () => {
    const parsed = parseCliArgs(['--capture', '*.php', '--capture', '/hooks/**', '--capture-max-body-bytes', '2048',
      '--capture-status', '204', '--capture-body', '', '--har', 'x.har'], '.');
    assert.ok(parsed.ok);
    const server = parsed.options.server;
    assert.deepEqual([server.capture, server.captureMaxBodyBytes, server.captureStatus, server.captureBody, parsed.options.har],
      [['*.php', '/hooks/**'], 2048, 204, '', 'x.har']);
    const bad = parseCliArgs(['--capture-status', '100'], '.');
    assert.ok(!bad.ok && /200 to 599/.test(bad.message));
  });
});
