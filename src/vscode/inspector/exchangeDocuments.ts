// One exchange, opened: a read-only document on its own URI scheme (a TextDocumentContentProvider), written by
// core/inspect's toExchangeDocument and coloured by the raw-http-exchange grammar. An exchange still in progress
// is shown as such, and its document refreshes when it finishes. A replay opens as a diff beside the original, so
// what changed between the two answers stands out. Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import { escapeLogText } from '../../core/log/escape';
import { loadCore } from '../coreLoader';
import type { ExchangeStore, StoredExchange } from './exchangeStore';
import { exchangeLabel, statusText } from './exchangeItems';

export const EXCHANGE_SCHEME = 'raw-http-exchange';
export const EXCHANGE_LANGUAGE = 'raw-http-exchange';

/** A tab title: "GET ∕css∕site.css → 200" (U+2215 stands in for "/", which would split the URI path). */
function title(item: StoredExchange): string {
  const { method, target } = item.record;
  const request = `${escapeLogText(method ?? '?')} ${escapeLogText(target ?? '?')}`.replace(/[/\\]/g, '∕');
  return `${request.length > 60 ? `${request.slice(0, 59)}…` : request} → ${statusText(item.record)}`;
}

/**
 * Ids start at 1 in every window: the authority names this activation, so a tab restored after a reload (an
 * earlier window's "#1") is never taken for this window's #1.
 */
const SESSION = `s${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;

export function exchangeUri(item: StoredExchange): vscode.Uri {
  return vscode.Uri.from({ scheme: EXCHANGE_SCHEME, authority: SESSION, path: `/${item.id}/${title(item)}` });
}

/** The stored exchange a document URI of this window shows, read from its first path segment. */
export function idOfUri(uri: vscode.Uri): number | undefined {
  const id = uri.scheme === EXCHANGE_SCHEME && uri.authority === SESSION ? Number(uri.path.split('/')[1]) : NaN;
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

export class ExchangeDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** URIs handed out per exchange (the title changes when it finishes): refreshed on finish. */
  private readonly handedOut = new Map<number, vscode.Uri>();

  constructor(private readonly store: ExchangeStore, private readonly showSecrets: () => boolean) {
    this.subscriptions = [
      vscode.workspace.registerTextDocumentContentProvider(EXCHANGE_SCHEME, this),
      this.changed,
      store.onDidFinish((item) => {
        const uri = this.handedOut.get(item.id);
        if (uri) {
          this.changed.fire(uri);
        }
      }),
    ];
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const id = idOfUri(uri);
    const item = id === undefined ? undefined : this.store.get(id);
    if (!item) {
      return id === undefined
        ? 'This request was recorded in an earlier window: its exchange is no longer kept.\n'
        : `Request #${id} is no longer kept (cleared, or older than the last rawHttpServer.inspector.maxRequests requests).\n`;
    }
    const core = await loadCore();
    const original = item.replayOf === undefined ? undefined : this.store.get(item.replayOf);
    return core.toExchangeDocument(item.record, {
      showSecrets: this.showSecrets(),
      replayOf: original ? exchangeLabel(original) : item.replayOf === undefined ? undefined : `#${item.replayOf}`,
    });
  }

  /** Opens the exchange's document beside the editor; returns its URI. */
  async open(item: StoredExchange, options: { preserveFocus?: boolean; preview?: boolean } = {}): Promise<vscode.Uri> {
    const document = await this.load(item);
    // Beside the file being edited; with no editor open, in the editor area itself (no empty column beside it).
    const besideAnEditor = vscode.window.activeTextEditor !== undefined && vscode.window.activeTextEditor.document.uri.scheme !== EXCHANGE_SCHEME;
    await vscode.window.showTextDocument(document, {
      viewColumn: besideAnEditor ? vscode.ViewColumn.Beside : vscode.ViewColumn.Active, preserveFocus: options.preserveFocus ?? false, preview: options.preview ?? true,
    });
    return document.uri;
  }

  /** The original on the left, the replay on the right. */
  async openSideBySide(original: StoredExchange, replay: StoredExchange): Promise<void> {
    const [left, right] = await Promise.all([this.load(original), this.load(replay)]);
    await vscode.commands.executeCommand('vscode.diff', left.uri, right.uri,
      `${exchangeLabel(original)} ↔ replay ${exchangeLabel(replay)}`, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  }

  /** The text a document of this exchange shows now (the test API reads it without opening an editor). */
  async text(item: StoredExchange): Promise<string> {
    return this.provideTextDocumentContent(exchangeUri(item));
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
  }

  private async load(item: StoredExchange): Promise<vscode.TextDocument> {
    const uri = exchangeUri(item);
    if (this.handedOut.size >= 1000) {
      for (const id of this.handedOut.keys()) {
        if (!this.store.get(id)) {
          this.handedOut.delete(id); // cleared or dropped: it never finishes again
        }
      }
    }
    this.handedOut.set(item.id, uri);
    const document = await vscode.workspace.openTextDocument(uri);
    return document.languageId === EXCHANGE_LANGUAGE ? document : vscode.languages.setTextDocumentLanguage(document, EXCHANGE_LANGUAGE);
  }
}
