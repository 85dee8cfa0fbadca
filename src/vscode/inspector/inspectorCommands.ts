// The inspector's commands. Each action command acts on, in this order: the exchange given as its argument (a view
// item, a stored id, "c3#2", or an exchange document's URI — what a document's title-bar button passes), the
// exchanges selected in the Raw HTTP Requests view, or the latest exchange. None of them opens a picker on its own,
// so scripts and key bindings never hang on one; "Pick a Recent Raw HTTP Request…" is the palette's quick pick.
// Each returns what it produced (copied text, written URI, replay status). Only src/vscode/** and src/extension.ts
// import vscode.
import * as vscode from 'vscode';
import { loadCore } from '../coreLoader';
import type { Notifier } from '../notifier';
import type { CopyFormat, ExchangeActions } from './exchangeActions';
import { idOfUri, type ExchangeDocuments } from './exchangeDocuments';
import { exchangeLabel, itemDescription, OPEN_EXCHANGE_COMMAND, requestText, withoutIcons } from './exchangeItems';
import type { ExchangeStore, StoredExchange } from './exchangeStore';
import { VIEW_ID, type RequestsView } from './requestsView';

export const INSPECTOR_COMMANDS = Object.freeze({
  showInspector: 'rawHttpServer.showInspector',
  openRequest: OPEN_EXCHANGE_COMMAND,
  pickRequest: 'rawHttpServer.pickRequest',
  copyAsCurl: 'rawHttpServer.copyAsCurl',
  copyAsFetch: 'rawHttpServer.copyAsFetch',
  copyRawRequest: 'rawHttpServer.copyRawRequest',
  saveAsHttpFile: 'rawHttpServer.saveAsHttpFile',
  replayRequest: 'rawHttpServer.replayRequest',
  exportHar: 'rawHttpServer.exportHar',
  exportAllHar: 'rawHttpServer.exportAllHar',
  filterRequests: 'rawHttpServer.filterRequests',
  clearRequestsFilter: 'rawHttpServer.clearRequestsFilter',
  clearRequests: 'rawHttpServer.clearRequests',
});

const FILTER_HELP = 'Words narrow the list: 4xx or 404 (status), GET (method), /api/** (path prefix or glob), '
  + 'any other word (text in the request, the why or the headers), -word to exclude. Empty shows everything.';

export interface InspectorParts {
  store: ExchangeStore;
  view: RequestsView;
  documents: ExchangeDocuments;
  actions: ExchangeActions;
  notifier: Notifier;
}

export class InspectorCommands {
  constructor(private readonly parts: InspectorParts) {}

  register(): vscode.Disposable[] {
    const c = INSPECTOR_COMMANDS;
    const copy = (format: CopyFormat) => async (arg?: unknown) => {
      const item = this.one(arg);
      return item ? this.parts.actions.copy(item, format) : undefined;
    };
    return [
      vscode.commands.registerCommand(c.showInspector, (arg?: unknown) => this.show(arg)),
      vscode.commands.registerCommand(c.openRequest, (arg?: unknown) => this.openRequest(arg)),
      vscode.commands.registerCommand(c.pickRequest, () => this.pick()),
      vscode.commands.registerCommand(c.copyAsCurl, copy('curl')),
      vscode.commands.registerCommand(c.copyAsFetch, copy('fetch')),
      vscode.commands.registerCommand(c.copyRawRequest, copy('raw')),
      vscode.commands.registerCommand(c.saveAsHttpFile, (arg?: unknown, rest?: unknown) => this.saveHttpFile(arg, rest)),
      vscode.commands.registerCommand(c.replayRequest, async (arg?: unknown) => {
        const item = this.one(arg);
        return item ? this.parts.actions.replay(item) : undefined;
      }),
      vscode.commands.registerCommand(c.exportHar, (arg?: unknown, rest?: unknown) => this.exportHar(arg, rest)),
      vscode.commands.registerCommand(c.exportAllHar, (uri?: unknown) => this.exportHar(uri instanceof vscode.Uri ? uri : undefined, undefined, true)),
      vscode.commands.registerCommand(c.filterRequests, (text?: unknown) => this.filter(text)),
      vscode.commands.registerCommand(c.clearRequestsFilter, () => this.filter('')),
      vscode.commands.registerCommand(c.clearRequests, () => this.parts.store.clear()),
    ];
  }

  /** Focuses the view; with an exchange, opens its document too. Resolves with the number of exchanges listed. */
  private async show(arg?: unknown): Promise<number> {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    if (arg !== undefined) {
      const item = this.one(arg);
      if (item) {
        await this.parts.view.reveal(item);
        await this.parts.documents.open(item, { preserveFocus: true });
      }
    }
    return this.parts.view.shown().length;
  }

  private async openRequest(arg?: unknown): Promise<vscode.Uri | undefined> {
    const item = this.one(arg);
    // From a click in the view: keep the focus there, so the arrow keys walk the list while the document follows.
    return item ? this.parts.documents.open(item, { preserveFocus: arg !== undefined }) : undefined;
  }

  private async saveHttpFile(arg: unknown, rest: unknown): Promise<vscode.Uri | undefined> {
    const target = arg instanceof vscode.Uri && idOfUri(arg) === undefined ? arg : rest instanceof vscode.Uri ? rest : undefined;
    const items = this.many(target === arg ? undefined : arg, rest);
    return items.length > 0 ? this.parts.actions.saveHttpFile(items, target) : undefined;
  }

  /**
   * exportHar(uri?): writes to `uri` without a dialog. It exports the exchanges the view has selected (a row's
   * context menu passes them), or, with no selection, every exchange the view lists (its filter applies);
   * exportAllHar (the view's title bar) always exports the whole list.
   */
  private exportHar(arg: unknown, rest: unknown, all = false): Promise<vscode.Uri | undefined> {
    const target = arg instanceof vscode.Uri && idOfUri(arg) === undefined ? arg : undefined;
    const given = target === undefined && arg !== undefined && arg !== null;
    const selected = all ? [] : given ? this.many(arg, rest) : this.parts.view.selection;
    if (given && selected.length === 0) {
      return Promise.resolve(undefined); // the exchange given is gone; many() said so
    }
    const items = selected.length > 0 ? selected : this.parts.view.shown();
    const notes: string[] = [];
    if (selected.length === 0 && this.parts.view.filterText) {
      notes.push(`filtered: ${this.parts.view.filterText}`);
    }
    if (this.parts.store.dropped > 0) {
      notes.push(`${this.parts.store.dropped} older exchanges were not kept (rawHttpServer.inspector.maxRequests)`);
    }
    return this.parts.actions.exportHar(items, target, notes.join('; '));
  }

  /** filterRequests(text?): sets the filter (an input box without text). Resolves with the count then listed. */
  private async filter(text?: unknown): Promise<number | undefined> {
    const core = await loadCore();
    const typed = typeof text === 'string' ? text : await vscode.window.showInputBox({
      title: 'Filter Raw HTTP Requests', value: this.parts.view.filterText, prompt: FILTER_HELP,
      placeHolder: '4xx POST /api/** token -favicon',
      validateInput: (value) => {
        const problems = core.parseExchangeFilter(value).problems;
        return problems.length > 0 ? { message: problems.join('; '), severity: vscode.InputBoxValidationSeverity.Warning } : undefined;
      },
    });
    if (typed === undefined) {
      return undefined;
    }
    this.parts.view.setFilter(core.parseExchangeFilter(typed));
    return this.parts.view.shown().length;
  }

  /** The palette's way in: pick one of the recent exchanges, then what to do with it. */
  private async pick(): Promise<void> {
    const recent = this.parts.view.shown().slice(0, 200);
    if (recent.length === 0) {
      void this.parts.notifier.show('info', 'No requests recorded yet: start Raw HTTP Server and open a page.');
      return;
    }
    const chosen = await vscode.window.showQuickPick(recent.map((item) => ({
      label: withoutIcons(requestText(item.record)), description: withoutIcons(itemDescription(item.record)),
      detail: `${exchangeLabel(item)} · ${item.record.client}`, item,
    })), { title: 'Recent Raw HTTP Requests', placeHolder: 'Pick a request (newest first)', matchOnDescription: true, matchOnDetail: true });
    if (!chosen) {
      return;
    }
    const actions: Array<{ label: string; command: string }> = [
      { label: '$(go-to-file) Open Request', command: INSPECTOR_COMMANDS.openRequest },
      { label: '$(terminal) Copy Request as cURL', command: INSPECTOR_COMMANDS.copyAsCurl },
      { label: '$(code) Copy Request as fetch()', command: INSPECTOR_COMMANDS.copyAsFetch },
      { label: '$(copy) Copy Raw Request', command: INSPECTOR_COMMANDS.copyRawRequest },
      { label: '$(save) Save Request as .http File', command: INSPECTOR_COMMANDS.saveAsHttpFile },
      { label: '$(debug-rerun) Replay Request', command: INSPECTOR_COMMANDS.replayRequest },
    ];
    const action = await vscode.window.showQuickPick(actions, { title: `${exchangeLabel(chosen.item)} ${chosen.label}` });
    if (action) {
      await vscode.commands.executeCommand(action.command, chosen.item.id);
    }
  }

  /** The one exchange a command acts on (see the file header), or undefined with a message saying why. */
  private one(arg: unknown): StoredExchange | undefined {
    return this.many(arg, undefined)[0];
  }

  private many(arg: unknown, rest: unknown): StoredExchange[] {
    const { store, view } = this.parts;
    if (arg !== undefined && arg !== null) {
      const listed = Array.isArray(rest) ? rest.map((entry) => this.resolve(entry)).filter((item) => item !== undefined) : [];
      const item = this.resolve(arg);
      if (!item) {
        void this.parts.notifier.show('warning', `Request ${describe(arg)} is no longer kept (cleared, or older than the last `
          + 'rawHttpServer.inspector.maxRequests requests).');
        return [];
      }
      return listed.some((entry) => entry.id === item.id) ? listed : [item];
    }
    const selected = view.selection;
    if (selected.length > 0) {
      return selected;
    }
    const item = store.latest();
    if (!item) {
      void this.parts.notifier.show('info', 'No requests recorded yet: start Raw HTTP Server and open a page; every exchange '
        + 'is listed in the Raw HTTP Requests view.', 'Show Raw HTTP Inspector')
        .then((choice) => choice && vscode.commands.executeCommand(INSPECTOR_COMMANDS.showInspector));
      return [];
    }
    return [item];
  }

  /** A view item, a stored id (number or digits), a "c3#2" label (the newest with it), or a document URI. */
  private resolve(arg: unknown): StoredExchange | undefined {
    const { store } = this.parts;
    if (arg instanceof vscode.Uri) {
      const id = idOfUri(arg);
      return id === undefined ? undefined : store.get(id);
    }
    if (typeof arg === 'number' || (typeof arg === 'string' && /^\d+$/.test(arg))) {
      return store.get(Number(arg));
    }
    if (typeof arg === 'string') {
      return store.all().find((item) => exchangeLabel(item) === arg.trim());
    }
    if (typeof arg === 'object' && arg !== null && typeof (arg as { id?: unknown }).id === 'number') {
      return store.get((arg as { id: number }).id);
    }
    return undefined;
  }
}

function describe(arg: unknown): string {
  const text = typeof arg === 'string' || typeof arg === 'number' ? String(arg) : arg instanceof vscode.Uri ? arg.path : 'given';
  return JSON.stringify(text.slice(0, 40));
}
