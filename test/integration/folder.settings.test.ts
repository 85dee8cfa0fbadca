// Suite "folder": settings reload live. A changed port or root restarts the running server; a root that leaves
// the folder is refused with a clear message; the security settings reach the core's policy.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { freePort, get, getApi, isListening, setSetting, TEST_PORT, waitFor } from './helpers';
import { withoutLiveClient } from './livePage';

describe('settings (folder workspace)', () => {
  afterEach(async () => {
    const api = await getApi();
    // Fixing the settings is enough, also after the error state: a settings change retries a failed start.
    await setSetting(api, 'root', undefined);
    await setSetting(api, 'cors', undefined);
    await setSetting(api, 'host', undefined);
    await setSetting(api, 'spaFallback', undefined);
    await setSetting(api, 'headers', undefined);
    await setSetting(api, 'crossOriginResourcePolicy', undefined);
    await setSetting(api, 'port', TEST_PORT);
    await waitFor(() => api.running && api.port === TEST_PORT, 10_000, 'the server back on the test port');
  });

  it('a changed port restarts the running server on the new port', async () => {
    const api = await getApi();
    const newPort = await freePort();
    await setSetting(api, 'port', newPort);
    await waitFor(() => api.port === newPort, 10_000, `the server on port ${newPort}`);
    assert.equal(api.state, 'running');
    assert.equal(await isListening(TEST_PORT), false, 'the old port still listens');
    assert.equal((await get(newPort, '/hello.txt')).status, 200);
    assert.equal(api.statusText.text, `$(server) ${newPort}`);
  });

  it('rawHttpServer.root serves a subfolder', async () => {
    const api = await getApi();
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    await setSetting(api, 'root', 'site');
    await waitFor(() => api.root === path.join(folder, 'site'), 10_000, 'the restart on the subfolder');
    const response = await get(TEST_PORT, '/');
    assert.ok(withoutLiveClient(response.body).equals(fs.readFileSync(path.join(folder, 'site', 'index.html'))));
  });

  it('a root outside the workspace folder is refused with a clear message, and nothing listens', async () => {
    const api = await getApi();
    await setSetting(api, 'root', '../');
    await waitFor(() => api.state === 'error', 10_000, 'the error state');
    assert.equal(await isListening(TEST_PORT), false);
    assert.equal(api.statusText.text, '$(server) Raw HTTP $(error)');
    assert.match(api.statusText.tooltip.replace(/\\(.)/g, '$1'), /rawHttpServer\.root "\.\.\/" is outside the workspace folder/);
    assert.ok(api.lastLogLines().some((line) => line.includes('[error] Could not start: rawHttpServer.root')));
  });

  it('refuses dotfiles and foreign Host headers by default; cors = true adds the header', async () => {
    const api = await getApi();
    assert.equal((await get(TEST_PORT, '/.env')).status, 404);
    assert.equal((await get(TEST_PORT, '/', '', 'attacker.example')).status, 403);
    assert.equal((await get(TEST_PORT, '/hello.txt')).headers.get('access-control-allow-origin'), undefined);
    await setSetting(api, 'cors', true);
    await waitFor(() => api.running, 10_000, 'the restart');
    assert.equal((await get(TEST_PORT, '/hello.txt')).headers.get('access-control-allow-origin'), '*');
  });

  it('a non-loopback host restarts the server with a warning in the log and a warning-coloured item', async () => {
    const api = await getApi();
    await setSetting(api, 'host', '0.0.0.0');
    await waitFor(() => api.running && api.details.host === '0.0.0.0', 10_000, 'the restart on 0.0.0.0');
    assert.equal(api.statusText.background, 'statusBarItem.warningBackground');
    assert.match(api.statusText.tooltip, /reachable from the network/);
    assert.ok(api.lastLogLines().some((line) => line.includes('[warning] Bound to 0.0.0.0')));
    // The URLs a phone on the same network can open: every non-internal IPv4 address of this machine.
    const lan = Object.values(os.networkInterfaces()).flat()
      .filter((info) => info && !info.internal && info.family === 'IPv4').map((info) => `http://${info!.address}:${TEST_PORT}/`);
    assert.deepEqual(api.details.networkUrls, [...new Set(lan)]);
    const tooltip = api.statusText.tooltip.replace(/\\(.)/g, '$1');
    const lines = api.lastLogLines().join('');
    if (lan.length > 0) {
      assert.match(tooltip, /On your network/);
      for (const url of lan) {
        assert.ok(tooltip.includes(url), `${url} in ${tooltip}`);
        assert.ok(lines.includes(url), `${url} in the log`);
      }
    } else {
      assert.ok(lines.includes('No network address found for other devices'), lines);
    }
    assert.equal(api.url, `http://127.0.0.1:${TEST_PORT}/`);
    assert.equal((await get(TEST_PORT, '/hello.txt')).status, 200);
  });

  it('accepts the forwarded Host authority VS Code maps the server to (env.asExternalUri), not another one', async () => {
    const api = await getApi();
    // code-server maps to a loopback authority, which the Host allowlist accepts anyway: stand in a forwarded
    // authority as Codespaces gives one, so only the wiring to setExternalAuthorities can make it pass.
    const forwarded = 'raw-http-test-8000.app.github.dev';
    api.setExternalUriResolver(async () => vscode.Uri.parse(`https://${forwarded}/`));
    try {
      await vscode.commands.executeCommand('rawHttpServer.stop');
      await vscode.commands.executeCommand('rawHttpServer.start');
      await api.idle();
      assert.equal(api.details.externalUrl, `https://${forwarded}/`);
      assert.equal((await get(TEST_PORT, '/hello.txt', '', forwarded)).status, 200);
      assert.equal((await get(TEST_PORT, '/hello.txt', '', 'someone-else-8000.app.github.dev')).status, 403);
    } finally {
      api.setExternalUriResolver(undefined);
      await vscode.commands.executeCommand('rawHttpServer.stop');
      await vscode.commands.executeCommand('rawHttpServer.start');
      await api.idle();
    }
  });

  it('maps spaFallback, headers and crossOriginResourcePolicy into the core options, restarting the server', async () => {
    const api = await getApi();
    await setSetting(api, 'spaFallback', '/index.html');
    await setSetting(api, 'headers', { '**': { 'Cross-Origin-Opener-Policy': 'same-origin' }, '/api/**': { 'Cache-Control': 'no-store' } });
    await setSetting(api, 'crossOriginResourcePolicy', 'cross-origin');
    await waitFor(() => api.running && api.serverInput?.policy?.crossOriginResourcePolicy === 'cross-origin', 10_000, 'the restart');
    assert.equal(api.serverInput?.spaFallback, '/index.html');
    assert.deepEqual(api.serverInput?.headers, [
      { glob: '**', name: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
      { glob: '/api/**', name: 'Cache-Control', value: 'no-store' },
    ]);
  });
});
