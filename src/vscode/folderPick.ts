// Which workspace folder to serve in a multi-root workspace: a quick pick on an explicit Start, remembered per
// workspace (workspaceState); auto-start takes the remembered folder or the first one and never asks.
// Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';

const REMEMBERED_KEY = 'rawHttpServer.folder';

export class FolderPicker {
  constructor(private readonly state: vscode.Memento) {}

  /** The folder auto-start serves: remembered (if still open) or the first; undefined with no folder open. */
  preferred(): vscode.WorkspaceFolder | undefined {
    const folders = vscode.workspace.workspaceFolders ?? [];
    const remembered = this.state.get<string>(REMEMBERED_KEY);
    return folders.find((folder) => folder.uri.toString() === remembered) ?? folders[0];
  }

  /**
   * The folder an explicit Start serves. `requested` (a command argument) wins; with several folders the user
   * picks, the remembered one first. Undefined when no folder is open or the pick was dismissed.
   */
  async choose(requested?: vscode.Uri): Promise<vscode.WorkspaceFolder | undefined> {
    const folders = vscode.workspace.workspaceFolders ?? [];
    let chosen: vscode.WorkspaceFolder | undefined;
    if (requested) {
      chosen = vscode.workspace.getWorkspaceFolder(requested);
    } else if (folders.length <= 1) {
      return folders[0];
    } else {
      chosen = await this.ask(folders);
    }
    if (chosen) {
      await this.state.update(REMEMBERED_KEY, chosen.uri.toString());
    }
    return chosen;
  }

  private async ask(folders: readonly vscode.WorkspaceFolder[]): Promise<vscode.WorkspaceFolder | undefined> {
    const first = this.preferred();
    const ordered = first ? [first, ...folders.filter((folder) => folder !== first)] : [...folders];
    const picked = await vscode.window.showQuickPick(
      ordered.map((folder) => ({ label: folder.name, description: folder.uri.fsPath, folder })),
      { title: 'Start Raw HTTP Server', placeHolder: 'Folder to serve (remembered for this workspace)' },
    );
    return picked?.folder;
  }
}
