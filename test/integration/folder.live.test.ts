// Suite "folder": live reload and preview. rawHttpServer.liveReload "onType" serves the unsaved buffer over a real
// socket and Revert File undoes it; "onSave" serves only saved bytes; "off" is byte-exact. VS Code's file watcher
// tells the pages (one "» [live]" line per change, the page count in the tooltip). Open with Raw HTTP Server is on
// the HTML menus and computes the file's URL; the preview opens the Simple Browser beside the editor.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, get, getApi, setSetting, sleep, TEST_PORT, waitFor } from './helpers';
import { openLivePage, withoutLiveClient } from './livePage';

const HTML_WHEN = 'resourceLangId == html || resourceExtname == .html || resourceExtname == .htm';

function workspaceFile(...segments: string[]): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, ...segments);
}

/** The server's "/" as the browser reaches it (asExternalUri of the local URL; code-server maps it to its proxy). */
async function externalBase(): Promise<string> {
  const api = await getApi();
  return (await vscode.env.asExternalUri(vscode.Uri.parse(api.url!))).toString(true);
}

async function typeMarker(uri: vscode.Uri, marker: string): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), `<!-- ${marker} -->\n`);
  assert.ok(await vscode.workspace.applyEdit(edit));
  assert.ok(editor.document.isDirty);
  return editor;
}

/** rawHttpServer.liveReload "onType", and the restart it causes. */
async function switchToOnType(api: Awaited<ReturnType<typeof getApi>>): Promise<void> {
  await setSetting(api, 'liveReload', 'onType');
  await waitFor(() => api.running && api.liveMode === 'onType', 10_000, 'the restart in onType mode');
}

async function revertAndClose(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.files.revert');
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

async function bodyOf(target: string): Promise<string> {
  return (await get(TEST_PORT, target)).body.toString('utf8');
}

describe('live reload and preview (folder workspace)', () => {
  afterEach(async () => {
    const api = await getApi();
    await revertAndClose();
    await setSetting(api, 'liveReload', undefined);
    await setSetting(api, 'root', undefined);
    await waitFor(() => api.running && api.port === TEST_PORT && api.liveMode === 'onSave', 10_000, 'the server back on the test port, live on save');
  });

  it('onSave (default): HTML gets the live client, unsaved edits are not served', async () => {
    const api = await getApi();
    assert.equal(api.liveMode, 'onSave');
    const disk = fs.readFileSync(workspaceFile('index.html').fsPath);
    const response = await get(TEST_PORT, '/index.html');
    assert.match(response.body.toString('utf8'), /<script src="__raw-http\/live\.js"><\/script>/);
    assert.ok(withoutLiveClient(response.body).equals(disk));
    const marker = `unsaved-${Date.now()}`;
    await typeMarker(workspaceFile('index.html'), marker);
    await sleep(800); // well past the typing debounce
    assert.ok(!(await bodyOf('/index.html')).includes(marker), 'onSave served an unsaved buffer');
  });

  it('onType serves the unsaved buffer (version validator) and Revert File serves the disk again', async () => {
    const api = await getApi();
    await switchToOnType(api);
    const page = await openLivePage(TEST_PORT, '/index.html', ['/style.css']);
    try {
      const marker = `typed-${Date.now()}`;
      const editor = await typeMarker(workspaceFile('index.html'), marker);
      const deadline = Date.now() + 5_000;
      let response = await get(TEST_PORT, '/index.html');
      while (!response.body.toString('utf8').includes(marker) && Date.now() < deadline) {
        await sleep(100);
        response = await get(TEST_PORT, '/index.html');
      }
      assert.ok(response.body.toString('utf8').includes(marker), 'the unsaved buffer was never served');
      assert.match(response.headers.get('etag') ?? '', new RegExp(`buffer-${editor.document.version}-`));
      await waitFor(() => page.messages.some((message) => message.type === 'reload'), 10_000, 'the page told to reload');
      await waitFor(() => api.lastLogLines().some((line) => line.includes('» [live] index.html changed → 1 page reloaded')), 10_000, 'the [live] log line');
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await waitFor(() => !editor.document.isDirty, 10_000, 'the revert');
      const disk = fs.readFileSync(workspaceFile('index.html').fsPath);
      let reverted = await get(TEST_PORT, '/index.html');
      const revertDeadline = Date.now() + 5_000;
      while (!withoutLiveClient(reverted.body).equals(disk) && Date.now() < revertDeadline) {
        await sleep(100);
        reverted = await get(TEST_PORT, '/index.html');
      }
      assert.ok(withoutLiveClient(reverted.body).equals(disk), 'after Revert File the disk bytes are served');
    } finally {
      page.close();
    }
  });

  it('onType: saving goes back to the disk bytes (the file\'s own validator)', async () => {
    const api = await getApi();
    await switchToOnType(api);
    const file = workspaceFile('index.html');
    const original = fs.readFileSync(file.fsPath);
    try {
      const marker = `saved-${Date.now()}`;
      const editor = await typeMarker(file, marker);
      assert.ok(await editor.document.save());
      const disk = fs.readFileSync(file.fsPath);
      assert.ok(disk.toString('utf8').includes(marker));
      await sleep(600); // a typing timer still pending must not bring the buffer back
      const response = await get(TEST_PORT, '/index.html');
      assert.ok(withoutLiveClient(response.body).equals(disk), 'the saved disk bytes are served');
      assert.doesNotMatch(response.headers.get('etag') ?? '', /buffer-/);
    } finally {
      await fs.promises.writeFile(file.fsPath, original);
    }
  });

  it('onType: saving the bytes the pages already show reloads nothing (neither the save nor the watcher\'s echo of it)', async () => {
    const api = await getApi();
    await switchToOnType(api);
    const file = workspaceFile('index.html');
    const original = fs.readFileSync(file.fsPath);
    const page = await openLivePage(TEST_PORT, '/index.html', ['/style.css']);
    const reloads = (): number => page.messages.filter((message) => message.type === 'reload').length;
    try {
      await waitFor(() => api.livePages === 1, 10_000, 'one live page counted');
      await sleep(1500); // the watcher's report of the settings.json write (the switch to onType) reloads pages too
      const before = reloads();
      const editor = await typeMarker(file, `echo-${Date.now()}`);
      await waitFor(() => reloads() === before + 1, 10_000, 'the reload for the typed text');
      assert.ok(await editor.document.save());
      await sleep(2000); // the watcher's report of the save comes in this time
      assert.equal(reloads(), before + 1, `no reload for a save of what the page shows:\n${api.lastLogLines().filter((line) => line.includes('[live]')).join('')}`);
      const response = await get(TEST_PORT, '/index.html');
      assert.ok(withoutLiveClient(response.body).equals(fs.readFileSync(file.fsPath)), 'the disk bytes are served');
      // Typing again and saving at once (before the buffer is served): the save is news to the page.
      const edit = new vscode.WorkspaceEdit();
      edit.insert(file, new vscode.Position(0, 0), '<!-- again -->\n');
      assert.ok(await vscode.workspace.applyEdit(edit));
      assert.ok(await editor.document.save());
      await waitFor(() => reloads() >= before + 2, 10_000, 'a reload for a save the page had not seen');
    } finally {
      page.close();
      await fs.promises.writeFile(file.fsPath, original);
      await revertAndClose();
      await setSetting(api, 'liveReload', undefined);
    }
  });

  it('a file changed on disk reaches the pages through VS Code\'s watcher: one [live] line, the count in the tooltip', async () => {
    const api = await getApi();
    const page = await openLivePage(TEST_PORT, '/index.html', ['/style.css']);
    try {
      await waitFor(() => api.livePages === 1, 10_000, 'one live page counted');
      assert.match(api.statusText.tooltip, /Live reload on save: 1 page connected/);
      const css = workspaceFile('style.css').fsPath;
      await fs.promises.writeFile(css, `body { color: #${Date.now() % 1000}; }\n`);
      await waitFor(() => page.messages.some((message) => message.type === 'css'), 15_000, 'the CSS swap message');
      await waitFor(() => api.lastLogLines().some((line) => line.includes('» [live] style.css changed → 1 page, CSS swapped')), 10_000, 'the [live] log line');
    } finally {
      page.close();
    }
    await waitFor(() => api.livePages === 0, 10_000, 'the page gone from the count');
    assert.match(api.statusText.tooltip, /Live reload on save: 0 pages connected/);
  });

  it('off serves HTML byte-exact: no script, no live channel', async () => {
    const api = await getApi();
    await setSetting(api, 'liveReload', 'off');
    await waitFor(() => api.running && api.liveMode === 'off', 10_000, 'the restart with live reload off');
    const response = await get(TEST_PORT, '/index.html');
    assert.ok(response.body.equals(fs.readFileSync(workspaceFile('index.html').fsPath)));
    assert.ok(!response.body.toString('latin1').includes('__raw-http'));
    assert.equal((await get(TEST_PORT, '/__raw-http/live.js')).status, 404);
    assert.equal(api.livePages, undefined);
    assert.match(api.statusText.tooltip, /Live reload off/);
  });

  it('Open with Raw HTTP Server is on the Explorer, editor title and editor context menus for HTML files', () => {
    const menus = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus as Record<string, Array<{ command: string; when?: string }>>;
    for (const menu of ['explorer/context', 'editor/title', 'editor/context']) {
      const item = menus[menu]?.find((entry) => entry.command === 'rawHttpServer.openFile');
      assert.ok(item, `rawHttpServer.openFile is not in ${menu}`);
      assert.equal(item.when, HTML_WHEN);
    }
    const commands = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as Array<{ command: string; title: string }>;
    assert.equal(commands.find((entry) => entry.command === 'rawHttpServer.openFile')?.title, 'Open with Raw HTTP Server');
    assert.equal(commands.find((entry) => entry.command === 'rawHttpServer.openPreview')?.title, 'Open Raw HTTP Server Preview');
  });

  it('openFile returns the URL of a file inside the root, and says when a file is outside it', async () => {
    const api = await getApi();
    const base = await externalBase();
    assert.equal(await vscode.commands.executeCommand('rawHttpServer.openFile', workspaceFile('site', 'index.html')), new URL('site/index.html', base).toString());
    await setSetting(api, 'root', 'site');
    await waitFor(() => api.root === path.join(workspaceFile().fsPath, 'site'), 10_000, 'the restart on the subfolder');
    assert.equal(await vscode.commands.executeCommand('rawHttpServer.openFile', workspaceFile('site', 'index.html')), new URL('index.html', await externalBase()).toString());
    const outside = await vscode.commands.executeCommand<string>('rawHttpServer.openFile', workspaceFile('index.html'));
    assert.match(outside, /^index\.html is outside the folder Raw HTTP Server serves \(.*site\)\. Serve its folder instead\?$/);
    assert.equal(api.lastMessage, outside);
  });

  it('Open in Browser opens the active HTML file when it is served, else "/"', async () => {
    const base = await externalBase();
    await vscode.window.showTextDocument(workspaceFile('site', 'index.html'));
    assert.equal(await vscode.commands.executeCommand('rawHttpServer.openInBrowser'), new URL('site/index.html', base).toString());
    await vscode.window.showTextDocument(workspaceFile('hello.txt'));
    assert.equal(await vscode.commands.executeCommand('rawHttpServer.openInBrowser'), base);
  });

  it('Open Preview shows the active HTML file in the Simple Browser beside the editor', async () => {
    const base = await externalBase();
    await vscode.window.showTextDocument(workspaceFile('index.html'));
    const url = await vscode.commands.executeCommand<string>('rawHttpServer.openPreview');
    assert.equal(url, new URL('index.html', base).toString());
    await waitFor(() => vscode.window.tabGroups.all.some((group) => group.tabs.some((tab) => tab.input instanceof vscode.TabInputWebview)), 10_000, 'a webview tab');
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => ({ tab, column: group.viewColumn })));
    const preview = tabs.find(({ tab }) => tab.input instanceof vscode.TabInputWebview);
    console.log(`      preview tab: "${preview?.tab.label}" (${(preview?.tab.input as vscode.TabInputWebview).viewType}) in column ${preview?.column}; tabs: ${JSON.stringify(tabs.map(({ tab, column }) => `${column}:${tab.label}`))}`);
    assert.equal(preview?.tab.label, 'Simple Browser');
    assert.equal(preview?.column, vscode.ViewColumn.Two, 'the preview is beside the editor');
  });
});
