// Suite "folder" (a single-folder workspace with rawHttpServer.port = the run's free port): activation alone
// starts the server, which serves the fixture's files byte for byte, and the status bar shows the port.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { get, getApi, TEST_PORT, waitFor } from './helpers';
import { withoutLiveClient } from './livePage';

describe('activation (folder workspace)', () => {
  it('starts the server on the configured port without any command', async () => {
    const api = await getApi();
    await waitFor(() => api.running, 'the auto-started server');
    console.log(`      activation took ${api.activationMs.toFixed(2)} ms (activate() body)`);
    assert.equal(api.port, TEST_PORT);
    assert.equal(api.url, `http://127.0.0.1:${TEST_PORT}/`);
    assert.equal(api.root, vscode.workspace.workspaceFolders?.[0].uri.fsPath);
    assert.ok(api.activationMs < 20, `activation took ${api.activationMs} ms`);
  });

  it('serves the workspace index.html with its exact bytes (plus the live-reload script) to a raw TCP client', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const expected = fs.readFileSync(path.join(root, 'index.html'));
    const response = await get(TEST_PORT, '/');
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-length'), String(response.body.length));
    assert.match(response.headers.get('content-type') ?? '', /^text\/html/);
    assert.ok(withoutLiveClient(response.body).equals(expected), 'body differs from the file on disk');
  });

  it('shows the port, URL, folder and "Click to stop" in the status bar item', async () => {
    const api = await getApi();
    const status = api.statusText;
    assert.equal(status.text, `$(radio-tower) ${TEST_PORT}`);
    assert.ok(status.visible);
    assert.match(status.tooltip, new RegExp(`127\\.0\\.0\\.1:${TEST_PORT}`));
    assert.ok(status.tooltip.includes(api.root!), status.tooltip);
    assert.ok(status.tooltip.endsWith('Click to stop'), status.tooltip);
    assert.equal(status.background, undefined, 'loopback must not be warning-coloured');
  });

  it('logs the lifecycle line "Started on <url>" and the activation time', async () => {
    const api = await getApi();
    const lines = api.lastLogLines().join('');
    assert.match(lines, /\[info\] Raw HTTP Server activated in [\d.]+ ms/);
    assert.ok(lines.includes(`Started on http://127.0.0.1:${TEST_PORT}/`), lines);
  });
});
