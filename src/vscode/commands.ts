// Command ids (the same strings as package.json's contributes.commands) and their registration: each command is a
// one-line call into the controller. Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';

export const COMMANDS = Object.freeze({
  start: 'rawHttpServer.start',
  stop: 'rawHttpServer.stop',
  toggle: 'rawHttpServer.toggle',
  openInBrowser: 'rawHttpServer.openInBrowser',
  copyUrl: 'rawHttpServer.copyUrl',
  showRequestLog: 'rawHttpServer.showRequestLog',
});

/** The request inspector's view (vscode/inspector): the tooltip's "Inspect" link. */
export const INSPECTOR_COMMAND = 'rawHttpServer.showInspector';

/** The preview command (vscode/live/openCommands.ts registers it): the tooltip's "Preview" link. */
export const PREVIEW_COMMAND = 'rawHttpServer.openPreview';

/** Context key for the palette's `when` clauses (Start when stopped, Stop when running). */
export const RUNNING_CONTEXT = 'rawHttpServer.running';

export interface CommandTarget {
  /** `folder`: a workspace folder Uri (e.g. from a script or test) that skips the quick pick. */
  start(folder?: vscode.Uri): Promise<void>;
  stop(): Promise<void>;
  toggle(): Promise<void>;
  /** Resolves with the URL opened (the active HTML file when it is served, else "/"). */
  openInBrowser(): Promise<string | undefined>;
  copyUrl(): Promise<void>;
  showRequestLog(): void;
}

export function registerCommands(target: CommandTarget): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(COMMANDS.start, (folder?: unknown) => target.start(folder instanceof vscode.Uri ? folder : undefined)),
    vscode.commands.registerCommand(COMMANDS.stop, () => target.stop()),
    vscode.commands.registerCommand(COMMANDS.toggle, () => target.toggle()),
    vscode.commands.registerCommand(COMMANDS.openInBrowser, () => target.openInBrowser()),
    vscode.commands.registerCommand(COMMANDS.copyUrl, () => target.copyUrl()),
    vscode.commands.registerCommand(COMMANDS.showRequestLog, () => target.showRequestLog()),
  ];
}
