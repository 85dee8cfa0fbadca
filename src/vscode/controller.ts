// Owns at most one RawHttpServer and its lifecycle (off → starting → running → stopping → off, or error).
// Every transition runs through one queue, so clicks, commands and setting changes never race; each renders the
// status bar and sets the `rawHttpServer.running` context; launch.ts does the starting itself and
// announcements.ts the notifications. Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import type { ServerOptionsInput } from '../core';
import type { Announcer } from './announcements';
import { readFullSettings, readSettings, restartKey, SECTION } from './config';
import { RUNNING_CONTEXT, type CommandTarget } from './commands';
import { shouldAutoStart } from './autoStart';
import type { FolderPicker } from './folderPick';
import type { ExchangeRecorder } from './inspector/inspector';
import { launchServer, type ExternalUriResolver } from './launch';
import type { ServedSite } from './live/openCommands';
import { ProblemReport } from './problemReport';
import { ServerRun } from './serverRun';
import { SiteLinks } from './siteLinks';
import type { RequestLog } from './requestLog';
import { OFF, type ServerState } from './state';
import type { StatusBar } from './statusBar';

const NO_FOLDER = 'Open a folder to serve it with Raw HTTP Server.';

/** How a start was asked for: an explicit command, the activation hook, or a settings change. */
type StartCause = 'explicit' | 'auto' | 'restart';

export class Controller implements CommandTarget, ServedSite, vscode.Disposable {
  private state: ServerState = OFF;
  /** The running server with its folder, settings key, live reload and recording. */
  private run: ServerRun | undefined;
  private failedFolder: vscode.WorkspaceFolder | undefined;
  /** Set once at activation: the request inspector records every server this controller starts. */
  recorder: ExchangeRecorder | undefined;
  private queue: Promise<void> = Promise.resolve();
  private deciding: Promise<void> = Promise.resolve();
  private readonly problems: ProblemReport;
  private readonly links = new SiteLinks({
    ensureRunning: () => this.ensureRunning(), asExternalUri: (uri) => this.asExternalUri(uri), tell: async (message) => this.announce.tell(message),
  });
  /** Options the running server was started with (test API). */
  lastServerInput: ServerOptionsInput | undefined;
  asExternalUri: ExternalUriResolver = (uri) => vscode.env.asExternalUri(uri);

  constructor(private readonly log: RequestLog, private readonly bar: StatusBar, private readonly picker: FolderPicker,
    private readonly announce: Announcer) {
    this.problems = new ProblemReport(log, announce);
    this.render();
  }

  /** URL the last Open in Browser handed to env.openExternal (test API: opening is unobservable remotely). */
  get lastOpenedUrl(): string | undefined {
    return this.links.lastOpenedUrl;
  }

  /** Last message shown to the user (test API). */
  get lastMessage(): string | undefined {
    return this.announce.lastMessage;
  }

  get current(): ServerState {
    return { ...this.state };
  }

  /** Resolves once the auto-start decision and every queued transition have finished. */
  async idle(): Promise<void> {
    await this.deciding;
    await this.queue;
  }

  /**
   * The activation hook's start: never in Restricted Mode, never asks which folder, and only where there is a
   * site (an .html file near the root, or rawHttpServer.root set). Elsewhere the item shows the stopped state.
   */
  autoStart(): Promise<void> {
    this.deciding = this.decideAutoStart();
    return this.idle();
  }

  async start(requested?: vscode.Uri): Promise<void> {
    if (this.state.phase === 'running' || this.state.phase === 'starting') {
      return this.announce.tell(`Raw HTTP Server is already running at ${this.state.externalUrl ?? this.state.url ?? '…'}.`);
    }
    if (!vscode.workspace.workspaceFolders?.length) {
      return this.announce.noFolder(NO_FOLDER);
    }
    const folder = await this.picker.choose(requested);
    return folder ? this.enqueue(() => this.begin(folder, 'explicit')) : undefined;
  }

  async stop(): Promise<void> {
    if (this.state.phase === 'error') {
      // Acknowledges the failure: back to off, and a later settings change no longer retries the start.
      this.failedFolder = undefined;
      this.setState(OFF);
    }
    if (this.state.phase !== 'running' && this.state.phase !== 'starting') {
      return vscode.workspace.workspaceFolders?.length ? this.announce.tell('Raw HTTP Server is not running.') : this.announce.noFolder(NO_FOLDER);
    }
    return this.enqueue(() => this.end());
  }

  toggle(): Promise<void> {
    return this.state.phase === 'running' || this.state.phase === 'starting' ? this.stop() : this.start();
  }

  openInBrowser(): Promise<string | undefined> {
    return this.links.openInBrowser();
  }

  copyUrl(): Promise<void> {
    return this.links.copyUrl();
  }

  showRequestLog(): void {
    this.log.show();
  }

  // --- live reload and preview (ServedSite, used by live/openCommands.ts) ---

  async ensureRunning(folder?: vscode.Uri): Promise<ServerState> {
    if (this.state.phase !== 'running') {
      await this.start(folder);
      await this.queue;
    }
    return this.current;
  }

  serveFolder(folder: vscode.WorkspaceFolder): Promise<void> {
    return this.enqueue(async () => {
      const stale = !this.run?.serves(folder) || restartKey(await readFullSettings(folder.uri)) !== this.run.key;
      if (this.run && stale) {
        await this.end();
      }
      if (!this.run) {
        await this.begin(folder, 'explicit');
      }
    });
  }

  say(message: string, ...actions: string[]): Thenable<string | undefined> {
    return this.announce.say(message, ...actions);
  }

  /** A page connected to or left the live channel: the tooltip shows the count. */
  private livePagesChanged(count: number): void {
    // A stopped server's session is disposed first, so its pages leaving do not reach here.
    if (this.state.phase === 'running') {
      this.setState({ ...this.state, livePages: count });
    }
  }

  /** Live reload: a running server whose port/host/root/policy changed restarts; log settings apply at once. */
  onConfigurationChanged(event: vscode.ConfigurationChangeEvent): void {
    if (!event.affectsConfiguration(SECTION)) {
      return;
    }
    const folder = this.run?.folder ?? this.picker.preferred();
    this.log.configure(readSettings(folder?.uri).log);
    void this.enqueue(async () => {
      const settings = await readFullSettings(this.run?.folder.uri ?? folder?.uri);
      if (this.run) {
        this.problems.report(settings.problems);
      }
      if (this.run && restartKey(settings) !== this.run.key) {
        this.log.line('info', 'Settings changed: restarting.');
        const folder = this.run.folder;
        await this.end();
        await this.begin(folder, 'restart');
      } else if (this.state.phase === 'error' && this.failedFolder) {
        // The failure was probably a setting (root, host, port): the fix should take effect without a click.
        await this.begin(this.failedFolder, 'restart');
      }
    });
  }

  /** A removed workspace folder is no longer served; the item hides when no folder is left. */
  onFoldersChanged(event: vscode.WorkspaceFoldersChangeEvent): void {
    if (event.removed.some((folder) => this.run?.serves(folder))) {
      void this.enqueue(() => this.end());
    }
    this.render();
  }

  /** Closes the listener and every connection; deactivate() awaits this so the port is free at once. */
  shutdown(): Promise<void> {
    return this.enqueue(() => this.end());
  }

  dispose(): void {
    void this.shutdown();
  }

  private async decideAutoStart(): Promise<void> {
    const folder = this.picker.preferred();
    if (folder && this.state.phase !== 'running' && await shouldAutoStart(folder, this.log)) {
      void this.enqueue(() => this.begin(folder, 'auto'));
    }
  }

  private enqueue(step: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(step).catch((error: unknown) => {
      this.log.line('error', `Unexpected error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    });
    return this.queue;
  }

  private async begin(folder: vscode.WorkspaceFolder, cause: StartCause): Promise<void> {
    if (this.run) {
      return cause === 'explicit' ? this.announce.tell(`Raw HTTP Server is already running at ${this.state.url ?? '…'}.`) : undefined;
    }
    const settings = await readFullSettings(folder.uri);
    this.problems.report(settings.problems);
    this.setState({ phase: 'starting', folderName: folder.name });
    const launched = await launchServer(folder, settings, this.log, this.asExternalUri, (count) => this.livePagesChanged(count));
    if ('error' in launched) {
      return this.fail(folder, launched.error);
    }
    this.run = new ServerRun(launched.server, folder, restartKey(settings), launched.live,
      this.recorder?.attach(launched.server, launched.state.url ?? ''));
    this.failedFolder = undefined;
    this.lastServerInput = launched.input;
    this.setState(launched.state);
    const { fellBack, requestedPort, port, externalUrl, url } = launched.state;
    if (fellBack && requestedPort !== undefined && port !== undefined) {
      this.announce.portMoved(requestedPort, port);
    }
    if (cause === 'auto') {
      await this.announce.firstAutoStart(folder, externalUrl ?? url ?? '');
    }
  }

  private async end(): Promise<void> {
    const run = this.run;
    if (!run) {
      return;
    }
    this.setState({ ...this.state, phase: 'stopping' });
    try {
      await run.close();
    } finally {
      this.run = undefined;
      this.log.line('info', `Stopped; port ${this.state.port ?? '?'} is free.`);
      this.setState(OFF);
    }
  }

  /** Every failed start is announced with its reason, the auto-start's too: a red item alone goes unnoticed. */
  private fail(folder: vscode.WorkspaceFolder, message: string): void {
    this.failedFolder = folder;
    this.log.line('error', `Could not start: ${message}`);
    this.setState({ phase: 'error', error: message });
    this.announce.startFailed(message);
  }

  private setState(state: ServerState): void {
    this.state = state;
    void vscode.commands.executeCommand('setContext', RUNNING_CONTEXT, state.phase === 'running');
    this.render();
  }

  private render(): void {
    this.bar.render(this.state, (vscode.workspace.workspaceFolders?.length ?? 0) > 0);
  }
}
