// What the inspector does with exchanges: copy one as cURL, fetch() or raw text, save .http files (REST Client's
// format), export HAR 1.2, and replay the exact recorded bytes to the running server, shown beside the original.
// The texts come from core/inspect (pure); this file adds the clipboard, files, dialogs and messages. Each action
// returns what it produced so commands can be scripted. Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import { loadCore } from '../coreLoader';
import type { Notifier } from '../notifier';
import type { ServerState } from '../state';
import type { ExchangeDocuments } from './exchangeDocuments';
import { exchangeLabel } from './exchangeItems';
import type { ExchangeStore, StoredExchange } from './exchangeStore';

export interface InspectorSite {
  readonly current: ServerState;
  ensureRunning(): Promise<ServerState>;
}

export interface ActionContext {
  store: ExchangeStore;
  documents: ExchangeDocuments;
  site: InspectorSite;
  /** rawHttpServer.log.showSecrets: HAR exports redact Cookie/Authorization unless it is on, like the log. */
  showSecrets(): boolean;
  /** A line in the Raw HTTP Server Output channel (replays are logged there like every request). */
  logLine(message: string): void;
  /** Every notification goes through the extension's Notifier (recorded, and its buttons pickable by tests). */
  notifier: Notifier;
  extensionVersion: string;
}

export type CopyFormat = 'curl' | 'fetch' | 'raw';

const COPY_NAMES: Record<CopyFormat, string> = { curl: 'cURL', fetch: 'fetch()', raw: 'raw request' };
const REPLAY_TIMEOUT_MS = 10_000;

function stamp(): string {
  return new Date().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-');
}

function defaultFolder(): vscode.Uri | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri;
}

async function writeText(uri: vscode.Uri, text: string): Promise<void> {
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
}

export class ExchangeActions {
  constructor(private readonly context: ActionContext) {}

  async copy(item: StoredExchange, format: CopyFormat): Promise<string> {
    const core = await loadCore();
    const text = format === 'curl' ? core.toCurl(item.record, item.baseUrl)
      : format === 'fetch' ? core.toFetch(item.record, item.baseUrl) : core.toRawRequest(item.record);
    await vscode.env.clipboard.writeText(text);
    // The label and method only: a status bar message would render "$(…)" in a target as an icon.
    vscode.window.setStatusBarMessage(`$(copy) Copied ${exchangeLabel(item)} ${item.record.method ?? ''} as ${COPY_NAMES[format]}`, 4000);
    return text;
  }

  /** One .http file with every given exchange; `target` skips the save dialog. Opens it (REST Client sends it). */
  async saveHttpFile(items: StoredExchange[], target?: vscode.Uri): Promise<vscode.Uri | undefined> {
    const core = await loadCore();
    const uri = target ?? await vscode.window.showSaveDialog({
      defaultUri: defaultFolder() && vscode.Uri.joinPath(defaultFolder()!, `requests-${stamp()}.http`),
      filters: { 'HTTP requests (REST Client)': ['http', 'rest'] }, saveLabel: 'Save Requests',
    });
    if (!uri) {
      return undefined;
    }
    // Oldest first, as they were sent; each with the URL of the server that answered it.
    const showSecrets = this.context.showSecrets();
    const text = [...items].reverse().map((item) => core.toHttpFile([item.record], item.baseUrl, { showSecrets })).join('\n');
    await writeText(uri, text);
    await vscode.window.showTextDocument(uri, { preview: false });
    return uri;
  }

  /** HAR 1.2 of the given exchanges (oldest first in the file); `target` skips the save dialog. */
  async exportHar(items: StoredExchange[], target: vscode.Uri | undefined, comment: string): Promise<vscode.Uri | undefined> {
    if (items.length === 0) {
      void this.context.notifier.show('info', 'No requests to export yet: the Raw HTTP Requests view is empty (or its filter matches none).');
      return undefined;
    }
    const core = await loadCore();
    const uri = target ?? await vscode.window.showSaveDialog({
      defaultUri: defaultFolder() && vscode.Uri.joinPath(defaultFolder()!, `raw-http-${stamp()}.har`),
      filters: { 'HTTP Archive': ['har'] }, saveLabel: 'Export HAR',
    });
    if (!uri) {
      return undefined;
    }
    const ordered = [...items].reverse();
    // Each entry's URL is that of the server that answered it (a restart may have moved the port).
    const baseUrls = new Map(ordered.map((item) => [item.record, item.baseUrl]));
    const har = core.toHar(ordered.map((item) => item.record), { name: 'Raw HTTP Server', version: this.context.extensionVersion }, {
      showSecrets: this.context.showSecrets(), baseUrl: (record) => baseUrls.get(record) || undefined, ...(comment ? { comment } : {}),
    });
    await writeText(uri, `${JSON.stringify(har, null, 2)}\n`);
    vscode.window.setStatusBarMessage(`$(save) Exported ${items.length} request(s) as HAR to ${vscode.workspace.asRelativePath(uri)}`, 5000);
    return uri;
  }

  /**
   * Sends the recorded bytes again, byte for byte, to the running server, then shows the original and the new
   * exchange side by side. A record whose head or body was not kept whole is refused (a replay would not be the
   * same request). Resolves with the new exchange's status, undefined when nothing was sent.
   */
  async replay(item: StoredExchange): Promise<number | undefined> {
    const core = await loadCore();
    const bytes = core.replayBytes(item.record);
    if (!bytes.ok) {
      void this.context.notifier.show('warning', `Replay refused: ${bytes.reason}.`);
      return undefined;
    }
    const state = await this.runningServer(item);
    if (!state?.url) {
      return undefined;
    }
    // state.port, not the URL's: a URL on port 80 has an empty port.
    const { hostname } = new URL(state.url);
    const port = state.port ?? 0;
    let localPort = -1;
    const recorded = this.context.store.waitForFinish((candidate) => candidate.record.client.endsWith(`:${localPort}`), REPLAY_TIMEOUT_MS);
    let response: Buffer;
    try {
      response = await core.replay(port, hostname.replace(/^\[|\]$/g, ''), bytes.bytes, {
        timeoutMs: REPLAY_TIMEOUT_MS, onConnect: (local) => { localPort = local.port; },
      });
    } catch (error) {
      void this.context.notifier.show('error', `Replay of ${exchangeLabel(item)} failed: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    const fromWire = /^HTTP\/1\.[01] (\d{3})/.exec(response.toString('latin1', 0, 16));
    const replayed = await Promise.race([recorded, new Promise<undefined>((resolve) => setTimeout(resolve, 2000, undefined))]);
    const status = replayed?.record.status || (fromWire ? Number(fromWire[1]) : undefined);
    this.context.logLine(`Replayed ${exchangeLabel(item)} (${bytes.bytes.length} bytes, as recorded) → ${status ?? 'no answer'}`
      + `${replayed ? ` as ${exchangeLabel(replayed)}` : ''}.`);
    if (replayed) {
      replayed.replayOf = item.id;
      await this.context.documents.openSideBySide(item, replayed);
    } else {
      void this.context.notifier.show('warning', `Replayed ${exchangeLabel(item)} → ${status ?? 'no answer'}, but the new exchange was not kept `
        + '(rawHttpServer.inspector.maxRequests is 0, or the server did not record it).');
    }
    return status;
  }

  /**
   * The running server, or undefined. When it is stopped, the warning's button starts it and replays then: the
   * command itself does not wait for a click (a script or key binding gets undefined at once).
   */
  private async runningServer(item: StoredExchange): Promise<ServerState | undefined> {
    if (this.context.site.current.phase === 'running') {
      return this.context.site.current;
    }
    // No client text in a notification: it would render links and icons written into a target.
    void this.context.notifier.show('warning',
      `Raw HTTP Server is not running: start it to replay ${exchangeLabel(item)}.`, 'Start and Replay',
    ).then(async (choice) => {
      if (choice === 'Start and Replay' && (await this.context.site.ensureRunning()).phase === 'running') {
        await this.replay(item);
      }
    });
    return undefined;
  }
}
