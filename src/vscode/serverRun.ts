// One running server and what lives exactly as long as it: the folder it serves, the settings key it started with
// (a change of it restarts the server), its live reload session and the inspector's recording of its exchanges.
// close() ends them in the order that loses nothing. Only src/vscode/** and src/extension.ts import vscode.
import type * as vscode from 'vscode';
import type { RawHttpServer } from '../core';

export class ServerRun {
  constructor(readonly server: RawHttpServer, readonly folder: vscode.WorkspaceFolder, readonly key: string,
    private readonly live: vscode.Disposable | undefined, private readonly recording: vscode.Disposable | undefined) {}

  serves(folder: vscode.WorkspaceFolder): boolean {
    return this.folder.uri.toString() === folder.uri.toString();
  }

  /** Live reload first (no reload is announced to pages of a closing server), the recording last (exchanges that finish while the server closes are still recorded). */
  async close(): Promise<void> {
    this.live?.dispose();
    try {
      await this.server.close();
    } finally {
      this.recording?.dispose();
      this.server.removeAllListeners();
    }
  }
}
