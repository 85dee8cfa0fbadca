// The activation hook's decision: start by itself only where the user would expect a server — auto start on, a
// trusted workspace, and a site to serve (an .html file near the root, or rawHttpServer.root set). Each "no" that
// could surprise is explained in the log with what to do instead. Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import { readSettings } from './config';
import type { RequestLog } from './requestLog';
import { looksLikeSite } from './siteDetect';

export async function shouldAutoStart(folder: vscode.WorkspaceFolder, log: RequestLog): Promise<boolean> {
  const settings = readSettings(folder.uri);
  if (!settings.autoStart) {
    return false;
  }
  if (!vscode.workspace.isTrusted) {
    log.line('info', 'Restricted Mode: not starting automatically. Run "Start Raw HTTP Server" to serve this folder anyway.');
    return false;
  }
  if (!(await looksLikeSite(folder, settings.root))) {
    log.line('info', `No .html file in ${folder.name} or the two folder levels below it, so the server did not start by itself. `
      + 'Click "Raw HTTP" in the status bar or run "Start Raw HTTP Server" to serve the folder anyway.');
    return false;
  }
  return true;
}
