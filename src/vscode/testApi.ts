// The small API that activate() returns. Integration tests read the server's state through it (they must not
// import src/vscode: the running extension is the esbuild bundle, a second copy would be a different instance).
// Only src/vscode/** and src/extension.ts import vscode.
import type { Controller } from './controller';
import type { RequestLog } from './requestLog';
import type { Phase, ServerState } from './state';
import type { StatusBar, StatusSnapshot } from './statusBar';

export interface RawHttpServerApi {
  readonly state: Phase;
  readonly running: boolean;
  readonly port: number | undefined;
  readonly url: string | undefined;
  /** Document root being served (absolute), and the whole state value. */
  readonly root: string | undefined;
  readonly details: ServerState;
  /** The status bar item's text, tooltip and background as last rendered. */
  readonly statusText: StatusSnapshot;
  /** Recent formatted request entries and lifecycle lines, oldest first (flushed first). */
  lastLoggedRequests(): string[];
  lastLogLines(): string[];
  /** The last message the extension showed (notifications are not readable through the extension API). */
  readonly lastMessage: string | undefined;
  /** Milliseconds spent in activate(). */
  readonly activationMs: number;
  /** Folder holding this session's `output_logging_*` dirs (the Output channel's backing files; tests only). */
  readonly logsDir: string;
  /** Live reload mode of the running server, and the pages connected to its live channel. */
  readonly liveMode: ServerState['live'];
  readonly livePages: number | undefined;
  /** Waits until every queued start/stop/restart has finished. */
  idle(): Promise<void>;
  /** Runs the activation hook's start again (the multi-root test checks which folder it picks). */
  autoStart(): Promise<void>;
}

export function createTestApi(controller: Controller, log: RequestLog, bar: StatusBar, activationMs: () => number, logsDir: string): RawHttpServerApi {
  return {
    get state() { return controller.current.phase; },
    get running() { return controller.current.phase === 'running'; },
    get port() { return controller.current.port; },
    get url() { return controller.current.url; },
    get root() { return controller.current.root; },
    get details() { return controller.current; },
    get statusText() { return bar.current; },
    lastLoggedRequests() { log.flush(); return log.recent.entries; },
    lastLogLines() { log.flush(); return log.recent.lines; },
    get lastMessage() { return controller.lastMessage; },
    get activationMs() { return activationMs(); },
    logsDir,
    get liveMode() { return controller.current.live; },
    get livePages() { return controller.current.livePages; },
    idle: () => controller.idle(),
    autoStart: () => controller.autoStart(),
  };
}
