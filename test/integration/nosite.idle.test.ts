// Suite "nosite" (a Python project: no .html in the folder or two levels below it; one three levels down): the
// activation hook does not start a server here, the status bar item shows the stopped state, says why in the log,
// and one click on the item starts the server (through the UI bridge when it is there).
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getApi, isListening, sleep, TEST_PORT, waitFor } from './helpers';
import { bridge, requireBridge } from './uiBridge';

describe('a folder without a site (nosite workspace)', () => {
  it('stays idle: nothing listens, the item shows the stopped state, the log says why', async () => {
    const api = await getApi();
    await sleep(500);
    await api.idle();
    assert.equal(api.state, 'off');
    assert.equal(await isListening(TEST_PORT), false, `something listens on ${TEST_PORT}`);
    assert.ok(api.statusText.visible, 'the item stays visible so one click can start');
    assert.equal(api.statusText.text, '$(server) Raw HTTP');
    assert.ok(api.statusText.tooltip.includes('Start](command:rawHttpServer.start '), api.statusText.tooltip);
    const lines = api.lastLogLines().join('');
    assert.match(lines, /No \.html file in workspace-nosite or the two folder levels below it/);
    assert.ok(!api.notifications().some((item) => item.message.startsWith('Serving ')), 'no auto-start announcement');
  });

  it('one click on the stopped item starts the server', async function () {
    const api = await getApi();
    if (requireBridge()) {
      await bridge('clickStatusbar', { contains: 'Raw HTTP' });
    } else {
      await vscode.commands.executeCommand('rawHttpServer.toggle'); // the item's command, on a desktop host
    }
    await waitFor(() => api.running, 10_000, 'the server to start');
    assert.equal(api.port, TEST_PORT);
    assert.ok(!api.notifications().some((item) => item.message.startsWith('Serving ')), 'an explicit start is not announced');
    await vscode.commands.executeCommand('rawHttpServer.stop');
    await api.idle();
  });

  it('rawHttpServer.root set counts as a site: the activation hook then starts', async () => {
    const api = await getApi();
    await vscode.workspace.getConfiguration('rawHttpServer').update('root', 'app', vscode.ConfigurationTarget.Workspace);
    try {
      await api.autoStart();
      assert.equal(api.state, 'running');
      assert.ok(api.root?.endsWith('app'), api.root);
      assert.ok(api.notifications().some((item) => item.message.startsWith('Serving workspace-nosite at ')), 'the first auto-start announces itself');
    } finally {
      await vscode.workspace.getConfiguration('rawHttpServer').update('root', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('rawHttpServer.stop');
      await api.idle();
    }
  });
});
