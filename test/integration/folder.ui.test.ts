// Suite "folder", as a user sees it, through the offline host's UI bridge (skipped without VSCODE_UI_BRIDGE_DIR,
// except in CI, where a missing bridge is a failure: a silently skipped suite would pass with nothing checked):
// the status bar shows the port, clicking it stops and restarts the server, "Start Raw HTTP Server" runs from
// the palette, and the Output panel shows the raw request. RAW_HTTP_SCREENSHOTS=1 also refreshes media/*.png.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, get, getApi, isListening, rawExchange, setSetting, sleep, TEST_PORT, waitFor } from './helpers';
import { bridge, requireBridge } from './uiBridge';

const screenshots = process.env.RAW_HTTP_SCREENSHOTS === '1';
const mediaDir = path.join(vscode.extensions.getExtension(EXTENSION_ID)?.extensionPath ?? '.', 'media');

describe('workbench UI (folder workspace, UI bridge)', function () {
  before(async function () {
    if (!requireBridge()) {
      this.skip();
    }
    // Earlier suites' "already running"/"Copied" toasts would sit over the panel in screenshots.
    await vscode.commands.executeCommand('notifications.clearAll');
  });

  it('the status bar item shows the port with the server icon', async () => {
    const item = await bridge<string>('waitStatusbar', { contains: `Raw HTTP Server on` });
    console.log(`      status bar item: ${JSON.stringify(item)}`);
    assert.ok(item.includes(String(TEST_PORT)), item);
    assert.doesNotMatch(item, /radio-tower/, 'the Ports view\'s icon');
  });

  it('clicking the item stops the server, clicking again restarts it', async () => {
    const api = await getApi();
    await bridge('clickStatusbar', { contains: String(TEST_PORT) });
    await waitFor(() => api.state === 'off', 10_000, 'the server to stop');
    assert.equal(await isListening(TEST_PORT), false);
    await bridge('waitStatusbar', { contains: 'Raw HTTP' });
    await bridge('clickStatusbar', { contains: 'Raw HTTP' });
    await waitFor(() => api.running, 10_000, 'the server to start');
    assert.equal(api.port, TEST_PORT);
    await bridge('waitStatusbar', { contains: String(TEST_PORT) });
  });

  it('"Stop Raw HTTP Server" and "Start Raw HTTP Server" run from the command palette', async () => {
    const api = await getApi();
    await bridge('palette', { command: 'Stop Raw HTTP Server' });
    await waitFor(() => api.state === 'off', 10_000, 'the server to stop');
    await sleep(200); // the context key that shows Start reaches the workbench asynchronously
    await bridge('palette', { command: 'Start Raw HTTP Server' });
    await waitFor(() => api.running, 10_000, 'the server to start');
    assert.equal(await isListening(TEST_PORT), true);
  });

  it('the Output panel shows the raw request text', async () => {
    await bridge('palette', { command: 'Show Raw HTTP Requests' });
    const marker = `ui${Date.now()}`;
    await rawExchange(TEST_PORT, `GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:${TEST_PORT}\r\nX-Ui-Marker: ${marker}\r\nConnection: close\r\n\r\n`);
    const text = await bridge<string>('waitOutput', { contains: `X-Ui-Marker: ${marker}` });
    assert.ok(text.includes('GET /index.html HTTP/1.1'), text);
  });

  it('Show Log on a failed start\'s notification reveals the Output panel with the reason', async () => {
    const api = await getApi();
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await setSetting(api, 'host', '10.255.255.1');
    try {
      await waitFor(() => api.state === 'error', 10_000, 'the error state');
      await waitFor(() => api.chooseNotificationButton('is not an address of this machine', 'Show Log'), 10_000, 'the failure notification');
      const text = await bridge<string>('waitOutput', { contains: 'is not an address' });
      assert.ok(text.includes('[error] Could not start'), text);
    } finally {
      await setSetting(api, 'host', undefined);
      await waitFor(() => api.running, 10_000, 'the server to start again');
    }
  });

  it('takes the README screenshots (RAW_HTTP_SCREENSHOTS=1 only)', async function () {
    if (!screenshots) {
      this.skip();
    }
    this.timeout(60_000);
    const workbench = vscode.workspace.getConfiguration('workbench');
    await workbench.update('colorTheme', 'Default Dark Modern', vscode.ConfigurationTarget.Workspace);
    try {
      const root = vscode.workspace.workspaceFolders![0].uri;
      await vscode.window.showTextDocument(vscode.Uri.joinPath(root, 'index.html'));
      await vscode.commands.executeCommand('notifications.clearAll');
      const browser = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36';
      await get(TEST_PORT, '/', `User-Agent: ${browser}\r\nAccept: text/html,application/xhtml+xml\r\nAccept-Language: en-US,en;q=0.9\r\n`);
      await get(TEST_PORT, '/style.css', `User-Agent: ${browser}\r\nAccept: text/css,*/*;q=0.1\r\nReferer: http://127.0.0.1:${TEST_PORT}/\r\n`);
      await get(TEST_PORT, '/.env', 'User-Agent: curl/8.5.0\r\nAccept: */*\r\n');
      await vscode.commands.executeCommand('rawHttpServer.showRequestLog');
      await bridge('waitOutput', { contains: 'GET /.env HTTP/1.1' });
      await sleep(500); // let the theme and the tokenizer settle
      // The tooltip cannot be captured: the bridge has no hover op, and a click closes VS Code's hovers.
      await bridge('screenshot', { path: path.join(mediaDir, 'statusbar.png') });
      await vscode.commands.executeCommand('workbench.action.toggleMaximizedPanel');
      await sleep(500);
      await bridge('screenshot', { path: path.join(mediaDir, 'output.png') });
      await vscode.commands.executeCommand('workbench.action.toggleMaximizedPanel');
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});

describe('UI bridge presence', () => {
  it('skips without the bridge on a desktop, fails without it in CI', () => {
    assert.equal(requireBridge({ VSCODE_UI_BRIDGE_DIR: '/tmp/bridge' }), true);
    assert.equal(requireBridge({}), false);
    assert.throws(() => requireBridge({ CI: 'true' }), /UI bridge unavailable .* CI is set/);
  });
});
