// Suite "empty" (a window with no folder): nothing listens, the status bar item stays hidden, and the commands
// say "Open a folder to serve it".
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { getApi, sleep } from './helpers';

describe('no folder open', () => {
  it('activates without starting anything', async () => {
    const api = await getApi();
    await sleep(500);
    await api.idle();
    assert.equal(vscode.workspace.workspaceFolders, undefined);
    assert.equal(api.state, 'off');
    assert.equal(api.port, undefined);
    assert.equal(api.statusText.visible, false);
  });

  for (const command of ['rawHttpServer.start', 'rawHttpServer.stop', 'rawHttpServer.toggle', 'rawHttpServer.copyUrl']) {
    it(`${command} says "Open a folder to serve it"`, async () => {
      const api = await getApi();
      await vscode.commands.executeCommand(command);
      await api.idle();
      assert.match(api.lastMessage ?? '', /Open a folder to serve it/);
      assert.equal(api.state, 'off');
      const shown = api.notifications().at(-1);
      assert.match(shown?.message ?? '', /Open a folder to serve it/);
      assert.deepEqual(shown?.buttons, ['Open Folder']);
    });
  }
});
