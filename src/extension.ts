// Extension entry point: activate() wires the VS Code views to one Controller and returns the test API;
// deactivate() returns the Controller's shutdown promise so the port is free before the host goes away.
// Only src/vscode/** and this file import vscode; the server core (src/core) is loaded on the first start,
// through vscode/coreLoader.ts.
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Announcer } from './vscode/announcements';
import { registerCommands } from './vscode/commands';
import { readSettings } from './vscode/config';
import { Controller } from './vscode/controller';
import { FolderPicker } from './vscode/folderPick';
import { Inspector } from './vscode/inspector/inspector';
import { Notifier } from './vscode/notifier';
import { registerLiveCommands } from './vscode/live/openCommands';
import { RequestLog } from './vscode/requestLog';
import { locateUserSettings } from './vscode/shadowedSettings';
import { StatusBar } from './vscode/statusBar';
import { createTestApi, type RawHttpServerApi } from './vscode/testApi';

let controller: Controller | undefined;

export function activate(context: vscode.ExtensionContext): RawHttpServerApi {
  const began = performance.now();
  const { subscriptions } = context;
  locateUserSettings(context.globalStorageUri);
  const log = new RequestLog(readSettings().log);
  subscriptions.push(log);
  const bar = new StatusBar();
  subscriptions.push(bar);
  const notifier = new Notifier();
  // The announcer's buttons call back into the controller, which is created just after it.
  const announcer = new Announcer(notifier, context.workspaceState, context.extension.id, {
    openInBrowser: () => current.openInBrowser(),
    showLog: () => log.show(),
  });
  const current: Controller = new Controller(log, bar, new FolderPicker(context.workspaceState), announcer);
  controller = current;
  subscriptions.push(current);
  subscriptions.push(...registerCommands(current));
  subscriptions.push(...registerLiveCommands(current));
  const inspector = new Inspector(current, log, notifier, readSettings().inspector, String(context.extension.packageJSON.version ?? ''));
  current.recorder = inspector;
  subscriptions.push(inspector);
  subscriptions.push(vscode.workspace.onDidChangeConfiguration((event) => {
    current.onConfigurationChanged(event);
    if (event.affectsConfiguration('rawHttpServer.inspector')) {
      inspector.configure(readSettings().inspector);
    }
  }));
  subscriptions.push(vscode.workspace.onDidChangeWorkspaceFolders((event) => current.onFoldersChanged(event)));
  subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void current.autoStart()));
  const activationMs = performance.now() - began;
  log.line('info', `Raw HTTP Server activated in ${activationMs.toFixed(1)} ms.`);
  // Started after activate() returns: listening is not activation work.
  setImmediate(() => void current.autoStart());
  return createTestApi({
    controller: current, log, bar, notifier, announcer, inspector, activationMs: () => activationMs, logsDir: path.dirname(context.logUri.fsPath),
  });
}

export function deactivate(): Promise<void> | undefined {
  const closing = controller?.shutdown();
  controller = undefined;
  return closing;
}
