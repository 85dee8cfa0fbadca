// The small API that activate() returns. Integration tests read the server's state through it (they must not
// import src/vscode: the running extension is the esbuild bundle, a second copy would be a different instance).
// Only src/vscode/** and src/extension.ts import vscode.
import type * as vscode from 'vscode';
import type { ServerOptionsInput } from '../core';
import type { Announcer } from './announcements';
import type { Controller } from './controller';
import { exchangeLabel, treeItem } from './inspector/exchangeItems';
import type { Inspector } from './inspector/inspector';
import type { Notifier, ShownNotification } from './notifier';
import type { LogFormatOptions, RequestLog } from './requestLog';
import type { Phase, ServerState } from './state';
import type { StatusBar, StatusSnapshot } from './statusBar';

/** One row of the Raw HTTP Requests view as its tree item renders it. */
export interface InspectorRow {
  id: number;
  /** "c3#2". */
  exchange: string;
  label: string;
  description: string;
  icon: string;
  contextValue: string;
  status: number;
  replayOf: number | undefined;
}

export interface InspectorApi {
  /** The rows the view lists now, newest first (its filter applied). */
  rows(): InspectorRow[];
  /** Every stored exchange's id, newest first (no filter). */
  storedIds(): number[];
  /** The text of an exchange's document (as the read-only editor shows it). */
  documentText(id: number): Promise<string>;
  /** Selects the exchange in the view, as a click would (reveals the view). */
  select(id: number): Promise<void>;
  selectedIds(): number[];
  readonly filterText: string;
  readonly viewVisible: boolean;
}

export interface RawHttpServerApi {
  readonly state: Phase;
  readonly running: boolean;
  readonly port: number | undefined;
  readonly url: string | undefined;
  /** Document root being served (absolute), and the whole state value. */
  readonly root: string | undefined;
  readonly details: ServerState;
  /** The status bar item's text, Markdown tooltip source, trusted commands and background as last rendered. */
  readonly statusText: StatusSnapshot;
  /** Recent formatted request entries and lifecycle lines, oldest first (flushed first). */
  lastLoggedRequests(): string[];
  lastLogLines(): string[];
  /** The options the log hands to the core's formatLogEntry now. */
  readonly logFormatOptions: LogFormatOptions;
  /** The last message the extension showed (notifications are not readable through the extension API). */
  readonly lastMessage: string | undefined;
  /** Every notification shown (newest last), with the button picked once one was. */
  notifications(): ShownNotification[];
  /** Picks `button` on the newest open notification containing `messagePart`, as a click would; false if none. */
  chooseNotificationButton(messagePart: string, button: string): boolean;
  /** The URL Open in Browser handed to env.openExternal last. */
  readonly lastOpenedUrl: string | undefined;
  /** The options the running server was started with (settings mapped to the core's ServerOptionsInput). */
  readonly serverInput: ServerOptionsInput | undefined;
  /** Replaces env.asExternalUri from the next start on (undefined restores it): a forwarded, non-loopback authority. */
  setExternalUriResolver(resolver: ((uri: vscode.Uri) => Thenable<vscode.Uri>) | undefined): void;
  /** The next auto-start announces itself again ("Serving … at …"). */
  forgetFirstAutoStart(): Thenable<void>;
  /** Milliseconds spent in activate(). */
  readonly activationMs: number;
  /** Folder holding this session's `output_logging_*` dirs (the Output channel's backing files; tests only). */
  readonly logsDir: string;
  /** Live reload mode of the running server, and the pages connected to its live channel. */
  readonly liveMode: ServerState['live'];
  readonly livePages: number | undefined;
  /** Waits until the auto-start decision and every queued start/stop/restart have finished. */
  idle(): Promise<void>;
  /** Runs the activation hook's start again (the multi-root test checks which folder it picks). */
  autoStart(): Promise<void>;
  /** The request inspector's view and documents. */
  readonly inspector: InspectorApi;
}

export interface TestApiParts {
  controller: Controller;
  log: RequestLog;
  bar: StatusBar;
  notifier: Notifier;
  announcer: Announcer;
  activationMs: () => number;
  logsDir: string;
  inspector: Inspector;
}

function inspectorApi(inspector: Inspector): InspectorApi {
  return {
    rows: () => inspector.view.shown().map((item) => {
      const tree = treeItem(item);
      const icon = tree.iconPath as { id?: string } | undefined;
      return {
        id: item.id, exchange: exchangeLabel(item), label: String(tree.label), description: String(tree.description ?? ''),
        icon: icon?.id ?? '', contextValue: tree.contextValue ?? '', status: item.record.status, replayOf: item.replayOf,
      };
    }),
    storedIds: () => inspector.store.all().map((item) => item.id),
    documentText: async (id) => {
      const item = inspector.store.get(id);
      return item ? inspector.documents.text(item) : '';
    },
    select: async (id) => {
      const item = inspector.store.get(id);
      if (item) {
        await inspector.view.reveal(item);
      }
    },
    selectedIds: () => inspector.view.selection.map((item) => item.id),
    get filterText() { return inspector.view.filterText; },
    get viewVisible() { return inspector.view.view.visible; },
  };
}

export function createTestApi({ controller, log, bar, notifier, announcer, activationMs, logsDir, inspector }: TestApiParts): RawHttpServerApi {
  const defaultResolver = controller.asExternalUri;
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
    get logFormatOptions() { return log.formatOptions; },
    get lastMessage() { return controller.lastMessage; },
    notifications: () => notifier.recent,
    chooseNotificationButton: (messagePart, button) => notifier.choose(messagePart, button),
    get lastOpenedUrl() { return controller.lastOpenedUrl; },
    get serverInput() { return controller.lastServerInput; },
    setExternalUriResolver(resolver) { controller.asExternalUri = resolver ?? defaultResolver; },
    forgetFirstAutoStart: () => announcer.forgetFirstAutoStart(),
    get activationMs() { return activationMs(); },
    logsDir,
    get liveMode() { return controller.current.live; },
    get livePages() { return controller.current.livePages; },
    idle: () => controller.idle(),
    autoStart: () => controller.autoStart(),
    inspector: inspectorApi(inspector),
  };
}
