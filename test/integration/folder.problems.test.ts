// Suite "folder": what a user can act on. A failed start (the auto-start's too) is a notification with Open
// Settings and Show Log, the listen errors are said in words, and an invalid setting value is reported in the log
// and a notification (the default is used for that value and the server still starts), never clamped silently.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { listenErrorText } from '../../src/vscode/listenErrors';
import { getApi, setSetting, TEST_PORT, waitFor } from './helpers';

const SETTINGS_AND_LOG = ['Open Settings', 'Show Log'];

async function newestNotification(part: string): Promise<{ level: string; message: string; buttons: string[] }> {
  const api = await getApi();
  let found: ReturnType<typeof api.notifications>[number] | undefined;
  await waitFor(() => (found = api.notifications().reverse().find((item) => item.message.includes(part))) !== undefined, 10_000, `a notification with "${part}"`);
  return found!;
}

describe('errors you can act on (folder workspace)', () => {
  afterEach(async () => {
    const api = await getApi();
    for (const key of ['host', 'headers', 'spaFallback', 'crossOriginResourcePolicy', 'maxConnections']) {
      await setSetting(api, key, undefined);
    }
    await setSetting(api, 'port', TEST_PORT);
    if (!api.running) {
      await vscode.commands.executeCommand('rawHttpServer.start');
    }
    await waitFor(() => api.running && api.port === TEST_PORT, 10_000, 'the server back on the test port');
  });

  it('a host that is not on this machine fails with a notification in words, and Open Settings opens the settings', async () => {
    const api = await getApi();
    await setSetting(api, 'host', '10.255.255.1');
    await waitFor(() => api.state === 'error', 10_000, 'the error state');
    const shown = await newestNotification('10.255.255.1 is not an address of this machine');
    assert.equal(shown.level, 'error');
    assert.deepEqual(shown.buttons, SETTINGS_AND_LOG);
    assert.ok(api.lastLogLines().some((line) => line.includes('[error] Could not start: cannot listen on 10.255.255.1')));
    assert.ok(api.chooseNotificationButton('10.255.255.1 is not an address', 'Open Settings'));
    await waitFor(() => vscode.window.tabGroups.activeTabGroup.activeTab?.label === 'Settings', 10_000, 'the Settings editor');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('a failed auto-start is announced too, not only by a red item', async () => {
    const api = await getApi();
    await vscode.commands.executeCommand('rawHttpServer.stop');
    await api.idle();
    const before = api.notifications().length;
    await setSetting(api, 'host', '10.255.255.1'); // stopped: no restart, the next start uses it
    await api.autoStart();
    assert.equal(api.state, 'error');
    const failures = api.notifications().slice(before).filter((item) => item.message.includes('is not an address of this machine'));
    assert.equal(failures.length, 1, JSON.stringify(api.notifications().slice(before)));
    assert.deepEqual(failures[0].buttons, SETTINGS_AND_LOG);
  });

  it('says EADDRNOTAVAIL and EACCES in words (as root this machine cannot provoke EACCES)', () => {
    const code = (name: string) => Object.assign(new Error(name), { code: name });
    assert.match(listenErrorText('10.255.255.1', 8000, code('EADDRNOTAVAIL')), /10\.255\.255\.1 is not an address of this machine/);
    assert.match(listenErrorText('127.0.0.1', 80, code('EACCES')), /ports below 1024 need extra rights/);
    assert.doesNotMatch(listenErrorText('127.0.0.1', 8080, code('EACCES')), /below 1024/);
  });

  for (const bad of [99999, 'abc']) {
    it(`reports port ${JSON.stringify(bad)} in the log and a notification, and starts on the default port`, async () => {
      const api = await getApi();
      await setSetting(api, 'port', bad);
      await waitFor(() => api.running && api.details.requestedPort === 8000, 10_000, 'the restart on the default port');
      const problem = `rawHttpServer.port: ${JSON.stringify(bad)} is not a whole number from 0 to 65535; using 8000 instead.`;
      assert.ok(api.lastLogLines().some((line) => line.includes(`[warning] ${problem}`)), api.lastLogLines().join(''));
      const shown = await newestNotification(problem);
      assert.equal(shown.level, 'warning');
      assert.deepEqual(shown.buttons, SETTINGS_AND_LOG);
    });
  }

  it('reports a bad header rule, a bad SPA path and an unknown CORP value, and serves with the defaults for them', async () => {
    const api = await getApi();
    await setSetting(api, 'headers', { '**': { 'Content-Length': '1', 'X-Ok': 'yes' } });
    await setSetting(api, 'spaFallback', 'index.html');
    await setSetting(api, 'crossOriginResourcePolicy', 'everyone');
    await waitFor(() => api.running && api.notifications().some((item) => item.message.includes('3 settings are invalid')), 10_000, 'the report');
    const shown = await newestNotification('3 settings are invalid');
    assert.match(shown.message, /rawHttpServer\.headers: header "Content-Length" for "\*\*": .*set by the server itself/);
    assert.match(shown.message, /rawHttpServer\.spaFallback: SPA fallback "index\.html" must be a path .* using "" \(off\) instead\./);
    assert.match(shown.message, /rawHttpServer\.crossOriginResourcePolicy: "everyone" is not one of "same-site", .*; using "same-site" instead\./);
    assert.deepEqual(api.serverInput?.headers, [{ glob: '**', name: 'X-Ok', value: 'yes' }]);
    assert.equal(api.serverInput?.spaFallback, '');
    assert.equal(api.serverInput?.policy?.crossOriginResourcePolicy, 'same-site');
    const lines = api.lastLogLines().join('');
    assert.ok(lines.includes('[warning] rawHttpServer.crossOriginResourcePolicy: "everyone"'), lines);
  });
});
