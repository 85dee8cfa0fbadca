// The "Raw HTTP Requests" view (contributes.views, in its own panel container beside Output and Terminal: the list
// is wide — request, status, duration, why — and grows like a log, which suits the panel, not the Explorer's
// narrow column). Newest first, filtered by core/inspect's exchange filter; the view's message says how many are
// shown, what the filter is and how many older ones the memory limit let go. Only src/vscode/** and src/extension.ts
// import vscode.
import * as vscode from 'vscode';
import type { ExchangeFilter } from '../../core';
import type { ExchangeStore, StoredExchange } from './exchangeStore';
import { treeItem } from './exchangeItems';

export const VIEW_ID = 'rawHttpServer.requests';
export const FILTERED_CONTEXT = 'rawHttpServer.requestsFiltered';

export class RequestsView implements vscode.TreeDataProvider<StoredExchange>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<StoredExchange>;
  private filter: ExchangeFilter | undefined;
  private readonly subscriptions: vscode.Disposable[] = [];
  /** The filtered list, computed once per change (the tree, the message and commands all read it). */
  private listed: StoredExchange[] | undefined;
  /** Tree items per exchange, rebuilt only when its record (or its replay link) changed. */
  private readonly items = new WeakMap<StoredExchange, { record: StoredExchange['record']; replayOf?: number; tree: vscode.TreeItem }>();

  constructor(private readonly store: ExchangeStore) {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, canSelectMany: true, showCollapseAll: false });
    this.subscriptions.push(this.view, this.changed, store.onDidChange(() => this.refresh()));
    this.renderMessage();
  }

  getTreeItem(element: StoredExchange): vscode.TreeItem {
    const cached = this.items.get(element);
    if (cached && cached.record === element.record && cached.replayOf === element.replayOf) {
      return cached.tree;
    }
    const tree = treeItem(element);
    this.items.set(element, { record: element.record, replayOf: element.replayOf, tree });
    return tree;
  }

  getChildren(element?: StoredExchange): StoredExchange[] {
    return element ? [] : this.shown();
  }

  /** Flat list: reveal() needs a parent, and there is none. */
  getParent(): undefined {
    return undefined;
  }

  /** The exchanges the view lists now, newest first. */
  shown(): StoredExchange[] {
    if (!this.listed) {
      const filter = this.filter;
      const all = this.store.all();
      this.listed = filter ? all.filter((item) => filter.matches(item.record)) : all;
    }
    return [...this.listed];
  }

  /** Selected exchanges that are still stored (a cleared or dropped one is gone). */
  get selection(): StoredExchange[] {
    return this.view.selection.filter((item) => this.store.get(item.id) === item);
  }

  get filterText(): string {
    return this.filter?.source ?? '';
  }

  setFilter(filter: ExchangeFilter | undefined): void {
    this.filter = filter && filter.source !== '' ? filter : undefined;
    void vscode.commands.executeCommand('setContext', FILTERED_CONTEXT, this.filter !== undefined);
    this.refresh();
  }

  async reveal(item: StoredExchange): Promise<void> {
    await this.view.reveal(item, { select: true, focus: false });
  }

  dispose(): void {
    for (const subscription of this.subscriptions) {
      subscription.dispose();
    }
  }

  private refresh(): void {
    this.listed = undefined;
    this.changed.fire();
    this.renderMessage();
  }

  private renderMessage(): void {
    const total = this.store.size;
    const dropped = this.store.dropped > 0 ? ` ${this.store.dropped} older ones were let go (rawHttpServer.inspector.maxRequests).` : '';
    this.view.description = this.filter ? `filter: ${this.filter.source}` : undefined;
    if (this.filter) {
      const shown = this.shown().length;
      const problems = this.filter.problems.length > 0 ? ` (${this.filter.problems.join('; ')})` : '';
      this.view.message = `${shown} of ${total} requests match "${this.filter.source}"${problems}.${dropped}`;
    } else {
      // Empty: the view's welcome content (package.json viewsWelcome) says how to get requests here.
      this.view.message = total > 0 && dropped ? dropped.trim() : undefined;
    }
    this.view.badge = undefined;
  }
}
