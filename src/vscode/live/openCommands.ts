// "Open with Raw HTTP Server" (an HTML file in the browser) and "Open Raw HTTP Server Preview" (the Simple Browser
// beside the editor), plus the page choice Open in Browser shares: the active HTML file when it is served, else "/".
// Each returns the URL it opened (or the message it showed) so tests can check the computed URL: in a remote
// window openExternal shows nothing observable. Only src/vscode/** and src/extension.ts import vscode.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ServerState } from '../state';
import { isHtmlFile, pageUrl } from './pageUrl';

export const LIVE_COMMANDS = Object.freeze({
  openFile: 'rawHttpServer.openFile',
  openPreview: 'rawHttpServer.openPreview',
});

export const SERVE_FOLDER_ACTION = 'Serve Its Folder';

/** What the commands need from the controller. */
export interface ServedSite {
  /** Starts the server (on `folder` when given, else as Start does) unless it runs; resolves with the new state. */
  ensureRunning(folder?: vscode.Uri): Promise<ServerState>;
  /** Serves `folder` with its current settings, restarting when another folder or root is being served. */
  serveFolder(folder: vscode.WorkspaceFolder): Promise<void>;
  /** Shows an information message and remembers it for the test API. */
  say(message: string, ...actions: string[]): Thenable<string | undefined>;
}

/** The external base URL ("/" of the server as the user's browser reaches it). */
export function baseUrl(state: ServerState): string | undefined {
  return state.externalUrl ?? state.url;
}

/** The URL for the active editor's HTML file when it is inside the served root, else the server's "/". */
export async function activePageUrl(state: ServerState): Promise<string | undefined> {
  const base = baseUrl(state);
  if (base === undefined || state.root === undefined) {
    return undefined;
  }
  const document = vscode.window.activeTextEditor?.document;
  const inside = document && document.uri.scheme === 'file' && isHtmlFile(document.uri.fsPath, document.languageId)
    ? pageUrl(base, await rootsOf(state.root), document.uri.fsPath)
    : undefined;
  return inside ?? base;
}

export function registerLiveCommands(site: ServedSite): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(LIVE_COMMANDS.openFile, (resource?: unknown) => openFile(site, resource instanceof vscode.Uri ? resource : undefined)),
    vscode.commands.registerCommand(LIVE_COMMANDS.openPreview, () => openPreview(site)),
  ];
}

/** Opens `resource` (from a menu) or the active editor's file; returns the URL opened or the message shown. */
export async function openFile(site: ServedSite, resource?: vscode.Uri): Promise<string | undefined> {
  const file = resource ?? vscode.window.activeTextEditor?.document.uri;
  if (!file || file.scheme !== 'file') {
    const message = 'Open an HTML file from the workspace to open it with Raw HTTP Server.';
    void site.say(message);
    return message;
  }
  const state = await site.ensureRunning(vscode.workspace.getWorkspaceFolder(file)?.uri);
  const base = baseUrl(state);
  if (state.phase !== 'running' || base === undefined || state.root === undefined) {
    return undefined; // The start failed and already said why.
  }
  const url = pageUrl(base, await rootsOf(state.root), file.fsPath);
  if (url === undefined) {
    return outsideRoot(site, file, state.root);
  }
  await vscode.env.openExternal(vscode.Uri.parse(url));
  return url;
}

/** The Simple Browser (built in) beside the editor, on the active HTML file or "/"; live reload works there too. */
export async function openPreview(site: ServedSite): Promise<string | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const state = await site.ensureRunning(active ? vscode.workspace.getWorkspaceFolder(active)?.uri : undefined);
  const url = state.phase === 'running' ? await activePageUrl(state) : undefined;
  if (url !== undefined) {
    await showInSimpleBrowser(url);
  }
  return url;
}

/**
 * `simpleBrowser.show` takes only the URL and opens in the active column (VS Code 1.100's simple-browser
 * extension drops any options), so the preview would replace the editor. `simpleBrowser.api.open` is the same
 * view with `{ viewColumn, preserveFocus }`: beside the editor, focus kept for typing. `show` remains the fallback
 * for a host whose Simple Browser lacks it.
 */
async function showInSimpleBrowser(url: string): Promise<void> {
  try {
    await vscode.commands.executeCommand('simpleBrowser.api.open', vscode.Uri.parse(url), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true });
  } catch {
    await vscode.commands.executeCommand('simpleBrowser.show', url);
  }
}

/**
 * A file outside the root cannot be served as it is. The button sets `rawHttpServer.root` of the file's workspace
 * folder to the file's folder and serves that workspace folder: the only fix that works in every case (a sibling of
 * a `root` subfolder, or another folder of a multi-root workspace), and one the user sees and can undo in the
 * settings. A file outside every workspace folder gets no button: the root must stay inside a workspace folder.
 */
function outsideRoot(site: ServedSite, file: vscode.Uri, root: string): string {
  const folder = vscode.workspace.getWorkspaceFolder(file);
  const name = path.basename(file.fsPath);
  if (!folder) {
    const message = `${name} is outside the folder Raw HTTP Server serves (${root}) and outside every workspace folder.`;
    void site.say(message);
    return message;
  }
  const message = `${name} is outside the folder Raw HTTP Server serves (${root}). Serve its folder instead?`;
  void site.say(message, SERVE_FOLDER_ACTION).then(async (choice) => {
    if (choice !== SERVE_FOLDER_ACTION) {
      return;
    }
    const relative = path.relative(folder.uri.fsPath, path.dirname(file.fsPath)).split(path.sep).join('/');
    await vscode.workspace.getConfiguration('rawHttpServer', folder.uri).update('root', relative, vscode.ConfigurationTarget.WorkspaceFolder);
    await site.serveFolder(folder);
    await openFile(site, file);
  });
  return message;
}

/** The root and, when it differs, its real path (a document may be open through either). */
async function rootsOf(root: string): Promise<string[]> {
  // A vanished root leaves the configured path only.
  const real = await fs.promises.realpath(root).catch(() => root);
  return real === root ? [root] : [root, real];
}
