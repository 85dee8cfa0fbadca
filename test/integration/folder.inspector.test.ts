// Suite "folder": the request inspector in a real extension host. Requests sent over loopback appear in the Raw HTTP
// Requests view (newest first, status icon, why); an exchange opens as a read-only, coloured document with both
// heads and the why; the four contract commands work with and without their arguments (copyAsCurl returns what it
// copied and curl re-runs it, replayRequest sends the same bytes and returns the new status beside the original,
// exportHar(uri) writes HAR 1.2 without a dialog); the view's selection and filter decide what commands act on.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, getApi, rawExchange, setSetting, sleep, TEST_PORT, waitFor } from './helpers';
import { bridge, requireBridge } from './uiBridge';
import type { InspectorRow, RawHttpServerApi } from '../../src/vscode/testApi';

const run = <T>(command: string, ...args: unknown[]): Thenable<T> => vscode.commands.executeCommand<T>(command, ...args);

function send(target: string, extra = ''): Promise<Buffer> {
  return rawExchange(TEST_PORT, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${TEST_PORT}\r\n${extra}Connection: close\r\n\r\n`);
}

async function rowFor(api: RawHttpServerApi, marker: string): Promise<InspectorRow> {
  let row: InspectorRow | undefined;
  await waitFor(() => (row = api.inspector.rows().find((candidate) => candidate.label.includes(marker) && candidate.status !== 0)) !== undefined,
    10_000, `a finished row for ${marker} in the Raw HTTP Requests view`);
  return row!;
}

interface HarEntry {
  startedDateTime: string;
  request: { url: string; method: string };
  response: { status: number };
  timings: { wait: number };
  _rawRequest: string;
}

function curlAvailable(): boolean {
  return ['/usr/bin/curl', '/bin/curl', '/usr/local/bin/curl'].some((file) => fs.existsSync(file));
}

describe('request inspector (folder workspace)', () => {
  before(async () => {
    const api = await getApi();
    await api.idle();
    if (!api.running) {
      await run('rawHttpServer.start');
      await api.idle();
    }
    assert.equal(api.running, true);
  });

  it('Show Raw HTTP Inspector reveals the view; requests appear newest first with status icon, status and why', async () => {
    const api = await getApi();
    const marker = `v${Date.now()}`;
    await send(`/hello.txt?${marker}`);
    await send(`/missing-${marker}.css`);
    const missing = await rowFor(api, `missing-${marker}`);
    const hello = await rowFor(api, `hello.txt?${marker}`);
    const count = await run<number>('rawHttpServer.showInspector');
    assert.ok(count >= 2, `showInspector returns the number listed (${count})`);
    await waitFor(() => api.inspector.viewVisible, 5_000, 'the Raw HTTP Requests view to be visible');
    const rows = api.inspector.rows();
    assert.ok(rows.indexOf(rows.find((row) => row.id === missing.id)!) < rows.indexOf(rows.find((row) => row.id === hello.id)!), 'newest first');
    assert.equal(hello.label, `GET /hello.txt?${marker}`);
    assert.match(hello.description, /^200 · \d+(\.\d)? ms$/);
    assert.equal(hello.icon, 'pass');
    assert.match(missing.description, /^404 · .* · no such file$/);
    assert.equal(missing.icon, 'warning');
    assert.equal(missing.contextValue, 'rawHttpExchange');
  });

  it('an exchange opens as a read-only coloured document: both heads, the why with the status, the facts', async () => {
    const api = await getApi();
    const first = await send('/hello.txt');
    const etag = /\r\nETag: ([^\r]+)\r\n/.exec(first.toString('latin1'))![1];
    const marker = `d${Date.now()}`;
    await send('/hello.txt', `If-None-Match: ${etag}\r\nX-Marker: ${marker}\r\n`);
    let row: InspectorRow | undefined;
    await waitFor(() => (row = api.inspector.rows().find((candidate) => candidate.status === 304)) !== undefined, 10_000, 'a 304 row');
    const uri = await run<vscode.Uri>('rawHttpServer.openRequest', row!.id);
    assert.equal(uri.scheme, 'raw-http-exchange');
    const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
    assert.ok(document, 'the document is open');
    assert.equal(document.languageId, 'raw-http-exchange');
    assert.equal(vscode.window.visibleTextEditors.some((editor) => editor.document === document), true, 'shown in an editor');
    const text = document.getText();
    assert.match(text, /^GET \/hello\.txt {2}→ 304 Not Modified$/m);
    assert.ok(text.includes(`Why: If-None-Match ${etag} matched → 304`), text);
    assert.ok(text.includes(`── Request head · as received ·`), text);
    assert.ok(text.includes(`GET /hello.txt HTTP/1.1\nHost: 127.0.0.1:${TEST_PORT}\nIf-None-Match: ${etag}\nX-Marker: ${marker}\n`), text);
    assert.match(text, /── Response head · as sent · \d+ bytes, then 0 bytes of body ──\nHTTP\/1\.1 304 Not Modified\n/);
    assert.match(text, /^Connection {3}c\d+, request 1 on it$/m);
    assert.equal(await api.inspector.documentText(row!.id), text);
    // Read-only: a content provider's scheme has no file system behind it to write to.
    assert.notEqual(vscode.workspace.fs.isWritableFileSystem('raw-http-exchange'), true);
  });

  it('Copy Request as cURL: returns the command it copied (latest, or the one given); curl re-runs it to the same answer', async function () {
    const api = await getApi();
    const marker = `c${Date.now()}`;
    await send(`/hello.txt?${marker}`, 'Accept: text/plain\r\n');
    const row = await rowFor(api, marker);
    const latest = await run<string>('rawHttpServer.copyAsCurl');
    assert.equal(await vscode.env.clipboard.readText(), latest, 'what it returns is on the clipboard');
    assert.ok(latest.includes(marker), `acts on the latest exchange without a selection:\n${latest}`);
    const given = await run<string>('rawHttpServer.copyAsCurl', row.id);
    assert.equal(given, latest);
    assert.match(given, /^curl --http1\.1 --path-as-is -X 'GET' 'http:\/\/127\.0\.0\.1:\d+\/hello\.txt\?c\d+' -H 'Host: /);
    if (!curlAvailable()) {
      this.skip();
    }
    const output = await new Promise<string>((resolve, reject) => {
      execFile('bash', ['-c', `${given} -s -w '\\n%{http_code}'`], { timeout: 10_000 }, (error, stdout) => error ? reject(error) : resolve(stdout));
    });
    const expected = fs.readFileSync(path.join(api.root!, 'hello.txt'), 'utf8');
    assert.equal(output, `${expected}\n200`);
  });

  it('Replay Request: the exact bytes again, recorded as a new exchange, shown beside the original; returns its status', async () => {
    const api = await getApi();
    const marker = `r${Date.now()}`;
    await send(`/hello.txt?${marker}`, 'X-Replay: yes\r\n');
    const original = await rowFor(api, marker);
    const status = await run<number>('rawHttpServer.replayRequest', original.id);
    assert.equal(status, 200);
    let replay: InspectorRow | undefined;
    await waitFor(() => (replay = api.inspector.rows().find((row) => row.replayOf === original.id)) !== undefined, 10_000, 'the replayed row');
    const head = (text: string): string => text.slice(text.indexOf('── Request head'), text.indexOf('\n\n', text.indexOf('── Request head')));
    assert.equal(head(await api.inspector.documentText(replay!.id)), head(await api.inspector.documentText(original.id)), 'same request head');
    assert.match(await api.inspector.documentText(replay!.id), new RegExp(`^Replay of ${original.exchange}: `, 'm'));
    const diff = vscode.window.tabGroups.all.flatMap((group) => group.tabs).find((tab) => tab.input instanceof vscode.TabInputTextDiff
      && tab.input.modified.scheme === 'raw-http-exchange');
    assert.ok(diff, 'a diff editor shows the original and the replay side by side');
  });

  it('Replay Request refuses an exchange whose body was not kept whole, and sends nothing', async () => {
    const api = await getApi();
    const marker = `t${Date.now()}`;
    const body = 'b'.repeat(70 * 1024);
    await rawExchange(TEST_PORT, `POST /upload-${marker} HTTP/1.1\r\nHost: 127.0.0.1:${TEST_PORT}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    const row = await rowFor(api, marker);
    assert.equal(row.contextValue, 'rawHttpExchange-partial', 'the view hides Replay for it');
    const before = api.inspector.storedIds().length;
    assert.equal(await run('rawHttpServer.replayRequest', row.id), undefined);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(api.inspector.storedIds().length, before, 'nothing was sent');
    assert.ok(api.notifications().some((shown) => shown.level === 'warning' && shown.message.startsWith('Replay refused: ')),
      JSON.stringify(api.notifications().slice(-3)));
    assert.match(await api.inspector.documentText(row.id), /Request body · 71,680 bytes, first 65,536 bytes kept/);
  });

  it('Replay Request while the server is stopped: returns at once; the warning\'s "Start and Replay" starts it and replays', async () => {
    const api = await getApi();
    const marker = `s${Date.now()}`;
    await send(`/hello.txt?${marker}`);
    const original = await rowFor(api, marker);
    await run('rawHttpServer.stop');
    await api.idle();
    assert.equal(api.running, false);
    try {
      assert.equal(await run('rawHttpServer.replayRequest', original.id), undefined, 'the command does not wait for a click');
      const warning = api.notifications().reverse().find((shown) => shown.message.includes('is not running: start it to replay'));
      assert.deepEqual([warning?.level, warning?.buttons], ['warning', ['Start and Replay']]);
      assert.ok(api.chooseNotificationButton('start it to replay', 'Start and Replay'));
      await waitFor(() => api.inspector.rows().some((row) => row.replayOf === original.id), 15_000, 'the replay once the server started');
      assert.equal(api.running, true);
    } finally {
      if (!api.running) {
        await run('rawHttpServer.start');
        await api.idle();
      }
    }
  });

  it('Export Requests as HAR: exportHar(uri) writes HAR 1.2 without a dialog and returns the URI', async () => {
    const api = await getApi();
    const marker = `h${Date.now()}`;
    await send(`/hello.txt?${marker}`, 'Cookie: session=abc123\r\n');
    await rowFor(api, marker);
    const target = vscode.Uri.file(path.join(os.tmpdir(), `raw-http-${marker}.har`));
    const written = await run<vscode.Uri>('rawHttpServer.exportHar', target);
    assert.equal(written.toString(), target.toString());
    const har = JSON.parse(fs.readFileSync(target.fsPath, 'utf8')) as { log: { version: string; creator: { name: string }; entries: HarEntry[] } };
    assert.equal(har.log.version, '1.2');
    assert.equal(har.log.creator.name, 'Raw HTTP Server');
    assert.equal(har.log.entries.length, api.inspector.rows().length);
    const entry = har.log.entries.find((candidate) => String(candidate.request.url).includes(marker))!;
    assert.ok(entry, 'the request is in the HAR');
    assert.equal(entry.response.status, 200);
    assert.equal(entry.request.method, 'GET');
    assert.ok(typeof entry.timings.wait === 'number' && typeof entry.startedDateTime === 'string');
    assert.match(entry._rawRequest, new RegExp(`^GET /hello\\.txt\\?${marker} HTTP/1\\.1\\r\\n`));
    assert.doesNotMatch(JSON.stringify(har), /abc123/, 'secrets are redacted as in the log');
    fs.rmSync(target.fsPath, { force: true });
  });

  it('capture mode from the settings: a form POST answered with capture.status, kept whole, re-sent by its cURL command', async function () {
    this.timeout(60_000);
    const api = await getApi();
    await setSetting(api, 'capture', ['/hook/**']);
    await setSetting(api, 'capture.status', 202);
    try {
      await waitFor(() => api.serverInput?.captureStatus === 202 && api.running, 10_000,
        `the restart with capture on (server input: ${JSON.stringify(api.serverInput?.capture)} ${api.serverInput?.captureStatus})`);
      const marker = `p${Date.now()}`;
      const form = `name=John&surname=Doe&m=${marker}`;
      const answer = await rawExchange(TEST_PORT, `POST /hook/form.php HTTP/1.1\r\nHost: 127.0.0.1:${TEST_PORT}\r\n`
        + `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${form.length}\r\nConnection: close\r\n\r\n${form}`);
      assert.match(answer.toString('latin1'), /^HTTP\/1\.1 202 Accepted\r\n/);
      assert.match(answer.toString('latin1'), /"surname": ?"Doe"/);
      let row: InspectorRow | undefined;
      await waitFor(() => (row = api.inspector.rows().find((candidate) => candidate.label === 'POST /hook/form.php' && candidate.status === 202)) !== undefined,
        10_000, 'the captured POST in the view');
      assert.match(row!.description, /captured/);
      assert.ok((await api.inspector.documentText(row!.id)).includes(`── Request body · ${form.length} bytes ──\n${form}\n`));
      const curl = await run<string>('rawHttpServer.copyAsCurl', row!.id);
      assert.ok(curl.includes(`--data-binary '${form}'`), curl);
      if (curlAvailable()) {
        const output = await new Promise<string>((resolve, reject) => {
          execFile('bash', ['-c', `${curl} -s -w '\\n%{http_code}'`], { timeout: 10_000 }, (error, stdout) => error ? reject(error) : resolve(stdout));
        });
        assert.match(output, /"surname": ?"Doe"[\s\S]*\n202$/, output);
      }
      // capture.maxBodyBytes sits under the capture array, where the configuration API returns nothing: read from the files.
      await setSetting(api, 'capture.maxBodyBytes', 16);
      await waitFor(() => api.serverInput?.captureMaxBodyBytes === 16 && api.running, 10_000, 'the restart with a 16-byte capture limit');
      const tooBig = await rawExchange(TEST_PORT, `POST /hook/form.php HTTP/1.1\r\nHost: 127.0.0.1:${TEST_PORT}\r\n`
        + `Content-Length: ${form.length}\r\nConnection: close\r\n\r\n${form}`);
      assert.match(tooBig.toString('latin1'), /^HTTP\/1\.1 413 /);
    } finally {
      await setSetting(api, 'capture', undefined);
      await setSetting(api, 'capture.status', undefined);
      await setSetting(api, 'capture.maxBodyBytes', undefined);
      await waitFor(() => api.serverInput?.captureStatus === 200 && api.running, 10_000, 'the restart with capture off');
    }
  });

  it('the filter narrows the view and what Export exports; commands act on the selection in the view', async () => {
    const api = await getApi();
    const marker = `f${Date.now()}`;
    await send(`/gone-${marker}.txt`);
    const older = await rowFor(api, `gone-${marker}`);
    const shown = await run<number>('rawHttpServer.filterRequests', '4xx');
    assert.equal(api.inspector.filterText, '4xx');
    assert.ok(shown >= 1 && api.inspector.rows().every((row) => row.status >= 400 && row.status < 500), 'only 4xx rows');
    await run('rawHttpServer.filterRequests', '');
    assert.equal(api.inspector.filterText, '');
    await send(`/hello.txt?${marker}-newer`);
    await rowFor(api, `${marker}-newer`);
    await api.inspector.select(older.id);
    await waitFor(() => api.inspector.selectedIds().includes(older.id), 5_000, 'the older row to be selected');
    const copied = await run<string>('rawHttpServer.copyAsCurl');
    assert.ok(copied.includes(`gone-${marker}`), `the selected exchange, not the latest:\n${copied}`);
    await run('rawHttpServer.clearRequests');
    await waitFor(() => api.inspector.rows().length === 0, 5_000, 'an empty view after Clear');
    assert.deepEqual(api.inspector.selectedIds(), [], 'a cleared selection no longer counts');
  });
});

describe('request inspector: the palette and the README screenshot (UI bridge)', function () {
  before(function () {
    if (!requireBridge()) {
      this.skip();
    }
  });

  it('"Show Raw HTTP Inspector" is in the Command Palette and reveals the view', async () => {
    const api = await getApi();
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await waitFor(() => !api.inspector.viewVisible, 5_000, 'the panel to close');
    await bridge('palette', { command: 'Show Raw HTTP Inspector' });
    await waitFor(() => api.inspector.viewVisible, 5_000, 'the Raw HTTP Requests view to be visible');
  });

  it('takes media/inspector.png (RAW_HTTP_SCREENSHOTS=1 only)', async function () {
    if (process.env.RAW_HTTP_SCREENSHOTS !== '1') {
      this.skip();
    }
    this.timeout(60_000);
    const api = await getApi();
    const workbench = vscode.workspace.getConfiguration('workbench');
    await workbench.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await run('rawHttpServer.clearRequests');
      const browser = 'User-Agent: Mozilla/5.0 (X11; Linux x86_64) Chrome/124.0\r\n';
      const page = await send('/', `${browser}Accept: text/html\r\n`);
      await send('/style.css', `${browser}Accept: text/css,*/*;q=0.1\r\n`);
      const etag = /\r\nETag: ([^\r]+)\r\n/.exec(page.toString('latin1'))?.[1] ?? '""';
      await send('/', `${browser}Accept: text/html\r\nIf-None-Match: ${etag}\r\nCookie: session=4f2a9c\r\n`);
      await send('/favicon.ico', browser);
      await send('/.env', 'User-Agent: curl/8.5.0\r\nAccept: */*\r\n');
      await send('/site/../hello.txt', 'User-Agent: curl/8.5.0\r\nRange: bytes=0-4\r\n');
      let notModified: InspectorRow | undefined;
      await waitFor(() => (notModified = api.inspector.rows().find((row) => row.status === 304)) !== undefined && api.inspector.rows().length >= 6,
        10_000, 'six rows');
      await vscode.window.showTextDocument(vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'index.html'));
      await run('rawHttpServer.showInspector');
      await api.inspector.select(notModified!.id);
      await run('rawHttpServer.openRequest', notModified!.id);
      await vscode.commands.executeCommand('notifications.clearAll');
      await sleep(800); // the theme and the tokenizer settle
      await bridge('screenshot', { path: path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'media', 'inspector.png') });
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
