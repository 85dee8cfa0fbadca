// The notifications that carry a next step: what auto-start did (once per workspace), why a start failed, which
// setting values were invalid, a busy port that moved, and "open a folder". Each button runs its action here.
// Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import { SECTION } from './config';
import type { Notifier } from './notifier';

const ANNOUNCED_KEY = 'rawHttpServer.autoStartAnnounced';

export const BUTTONS = Object.freeze({
  openInBrowser: 'Open in Browser',
  dontAutoStart: "Don't Start Automatically",
  openSettings: 'Open Settings',
  showLog: 'Show Log',
  openFolder: 'Open Folder',
});

export interface AnnouncementActions {
  openInBrowser(): Promise<unknown>;
  showLog(): void;
}

export class Announcer {
  private readonly movedPorts = new Set<number>();
  /** The last answer or failure shown (test API: notifications are not readable through the extension API). */
  lastMessage: string | undefined;

  constructor(private readonly notifier: Notifier, private readonly workspaceState: vscode.Memento,
    private readonly extensionId: string, private readonly actions: AnnouncementActions) {}

  /** The first auto-start in a workspace says what it did and how to turn it off; later ones are silent. */
  async firstAutoStart(folder: vscode.WorkspaceFolder, url: string): Promise<void> {
    if (this.workspaceState.get<boolean>(ANNOUNCED_KEY)) {
      return;
    }
    await this.workspaceState.update(ANNOUNCED_KEY, true);
    void this.notifier.show('info', `Serving ${folder.name} at ${url}`, BUTTONS.openInBrowser, BUTTONS.dontAutoStart).then(async (button) => {
      if (button === BUTTONS.openInBrowser) {
        await this.actions.openInBrowser();
      } else if (button === BUTTONS.dontAutoStart) {
        await vscode.workspace.getConfiguration(SECTION, folder.uri).update('autoStart', false, vscode.ConfigurationTarget.Workspace);
      }
    });
  }

  /** Test API: the next auto-start announces itself again. */
  forgetFirstAutoStart(): Thenable<void> {
    return this.workspaceState.update(ANNOUNCED_KEY, undefined);
  }

  startFailed(message: string): void {
    this.lastMessage = message;
    this.withSettingsAndLog('error', `Raw HTTP Server could not start: ${message}`);
  }

  settingProblems(problems: string[]): void {
    const intro = problems.length === 1 ? 'A setting is invalid' : `${problems.length} settings are invalid`;
    this.withSettingsAndLog('warning', `Raw HTTP Server: ${intro}. ${problems.join(' ')}`);
  }

  /** Once per configured port and session: the tooltip keeps saying it while it lasts. */
  portMoved(requested: number, used: number): void {
    if (this.movedPorts.has(requested)) {
      return;
    }
    this.movedPorts.add(requested);
    void this.notifier.show('info', `Port ${requested} is busy, so Raw HTTP Server uses port ${used} (the rawHttpServer.port setting is unchanged).`);
  }

  /** A plain answer to a command ("already running", "Copied …"). */
  tell(message: string): void {
    this.lastMessage = message;
    void this.notifier.show('info', message);
  }

  /** An answer with buttons; resolves with the one picked (never await it on a start path). */
  say(message: string, ...buttons: string[]): Promise<string | undefined> {
    this.lastMessage = message;
    return this.notifier.show('info', message, ...buttons);
  }

  noFolder(message: string): void {
    this.lastMessage = message;
    void this.notifier.show('info', message, BUTTONS.openFolder).then((button) => button === BUTTONS.openFolder
      ? vscode.commands.executeCommand('workbench.action.files.openFolder') : undefined);
  }

  private withSettingsAndLog(level: 'warning' | 'error', message: string): void {
    void this.notifier.show(level, message, BUTTONS.openSettings, BUTTONS.showLog).then((button) => {
      if (button === BUTTONS.openSettings) {
        return vscode.commands.executeCommand('workbench.action.openSettings', `@ext:${this.extensionId}`);
      }
      if (button === BUTTONS.showLog) {
        this.actions.showLog();
      }
      return undefined;
    });
  }
}
