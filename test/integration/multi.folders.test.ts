// Suite "multi" (a .code-workspace with folders alpha and beta): one folder is served. Auto-start takes the
// remembered folder or the first; an explicit Start offers a quick pick and remembers the choice.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { get, getApi, sleep, TEST_PORT, waitFor } from './helpers';

function folder(name: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((candidate) => candidate.name === name);
  assert.ok(found, `workspace folder ${name}`);
  return found;
}

async function restartAs(how: () => Thenable<unknown>): Promise<void> {
  const api = await getApi();
  await vscode.commands.executeCommand('rawHttpServer.stop');
  await api.idle();
  await how();
  await waitFor(() => api.running, 10_000, 'the server to start');
}

describe('multi-root workspace', () => {
  it('auto-start serves one folder (the first when nothing is remembered) on the configured port', async () => {
    const api = await getApi();
    await waitFor(() => api.running, 10_000, 'the auto-started server');
    assert.equal(vscode.workspace.workspaceFolders?.length, 2);
    assert.equal(api.port, TEST_PORT);
    assert.equal(api.root, folder('alpha').uri.fsPath);
    assert.match((await get(TEST_PORT, '/')).body.toString(), /alpha folder/);
  });

  it('an explicit Start asks which folder (quick pick) and serves the one picked', async () => {
    const api = await getApi();
    await restartAs(async () => {
      const starting = vscode.commands.executeCommand('rawHttpServer.start');
      await sleep(500); // the quick pick opens; alpha (remembered or first) is on top, beta below it
      await vscode.commands.executeCommand('workbench.action.quickOpenSelectNext');
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await starting;
      await api.idle();
    });
    assert.equal(api.root, folder('beta').uri.fsPath);
    assert.match((await get(TEST_PORT, '/')).body.toString(), /beta folder/);
  });

  it('auto-start then uses the remembered folder', async () => {
    const api = await getApi();
    await restartAs(() => api.autoStart());
    assert.equal(api.root, folder('beta').uri.fsPath);
  });

  it('a folder passed to the Start command is served and remembered', async () => {
    const api = await getApi();
    await restartAs(() => vscode.commands.executeCommand('rawHttpServer.start', folder('alpha').uri));
    assert.equal(path.basename(api.root!), 'alpha');
    await restartAs(() => api.autoStart());
    assert.equal(path.basename(api.root!), 'alpha');
  });
});
