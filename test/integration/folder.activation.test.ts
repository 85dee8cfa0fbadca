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
    await waitFor(() => api.running, 10_000, 'the auto-started server');
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

  it('shows the port with its own icon, and a Markdown tooltip with the URL, the folder and one link per action', async () => {
    const api = await getApi();
    const status = api.statusText;
    assert.equal(status.text, `$(server) ${TEST_PORT}`, 'not the Ports view\'s radio tower');
    assert.ok(status.visible);
    assert.match(status.tooltip, new RegExp(`127\\.0\\.0\\.1:${TEST_PORT}`));
    assert.ok(status.tooltip.replace(/\\(.)/g, '$1').includes(`Serving ${api.root!}`), status.tooltip);
    for (const [title, command] of [['Open in Browser', 'openInBrowser'], ['Preview', 'openPreview'], ['Copy URL', 'copyUrl'],
      ['Show Requests', 'showRequestLog'], ['Inspect', 'showInspector'], ['Stop', 'stop']]) {
      assert.ok(status.tooltip.includes(`${title}](command:rawHttpServer.${command} `), `${title} link in ${status.tooltip}`);
    }
    assert.deepEqual([...status.tooltipCommands].sort(), ['rawHttpServer.copyUrl', 'rawHttpServer.openInBrowser',
      'rawHttpServer.openPreview', 'rawHttpServer.showInspector', 'rawHttpServer.showRequestLog', 'rawHttpServer.start', 'rawHttpServer.stop'],
    'trust limited to our commands');
    assert.match(status.tooltip, /Live reload on save: \d+ pages? connected/, 'the live pages line');
    assert.equal(status.background, undefined, 'loopback must not be warning-coloured');
  });

  it('says once that it started by itself: "Serving <folder> at <url>" with Open in Browser and Don\'t Start Automatically', async () => {
    const api = await getApi();
    // The announcement follows the start (it waits for the external URL): wait for it rather than race it.
    await waitFor(() => api.notifications().some((item) => item.message.startsWith('Serving ')), 10_000, 'the first-start notification');
    const shown = api.notifications().filter((item) => item.message.startsWith('Serving '));
    assert.equal(shown.length, 1, JSON.stringify(shown));
    const external = (await vscode.env.asExternalUri(vscode.Uri.parse(api.url!))).toString(true);
    assert.equal(shown[0].message, `Serving ${vscode.workspace.workspaceFolders![0].name} at ${external}`);
    assert.deepEqual(shown[0].buttons, ['Open in Browser', "Don't Start Automatically"]);
  });

  it('its Open in Browser button opens the served URL; a restart by hand announces nothing new', async () => {
    const api = await getApi();
    assert.ok(api.chooseNotificationButton('Serving ', 'Open in Browser'));
    await waitFor(() => api.lastOpenedUrl !== undefined, 10_000, 'the URL to be opened');
    assert.equal(api.lastOpenedUrl, (await vscode.env.asExternalUri(vscode.Uri.parse(api.url!))).toString(true));
    await vscode.commands.executeCommand('rawHttpServer.stop');
    await api.autoStart();
    assert.equal(api.state, 'running');
    assert.equal(api.notifications().filter((item) => item.message.startsWith('Serving ')).length, 1, 'announced once per workspace');
  });

  it('its Don\'t Start Automatically button turns rawHttpServer.autoStart off for this workspace', async () => {
    const api = await getApi();
    await api.forgetFirstAutoStart();
    await vscode.commands.executeCommand('rawHttpServer.stop');
    await api.autoStart();
    const config = () => vscode.workspace.getConfiguration('rawHttpServer').inspect<boolean>('autoStart');
    try {
      assert.ok(api.chooseNotificationButton('Serving ', "Don't Start Automatically"));
      await waitFor(() => config()?.workspaceValue === false, 10_000, 'autoStart = false in the workspace settings');
      await vscode.commands.executeCommand('rawHttpServer.stop');
      await api.autoStart();
      assert.equal(api.state, 'off', 'auto-start is off now');
    } finally {
      await vscode.workspace.getConfiguration('rawHttpServer').update('autoStart', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('rawHttpServer.start');
      await api.idle();
    }
  });

  it('logs the lifecycle line "Started on <url>" and the activation time', async () => {
    const api = await getApi();
    const lines = api.lastLogLines().join('');
    assert.match(lines, /\[info\] Raw HTTP Server activated in [\d.]+ ms/);
    assert.ok(lines.includes(`Started on http://127.0.0.1:${TEST_PORT}/`), lines);
  });
});
