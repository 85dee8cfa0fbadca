// The request inspector, put together: the store of recent exchanges, the Raw HTTP Requests view, the exchange
// documents and the actions, with their commands. The controller hands it each server it starts (attach) and it
// records that server's exchanges until the server stops. Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import type { RawHttpServer } from '../../core';
import type { InspectorSettings } from '../config';
import type { Notifier } from '../notifier';
import type { RequestLog } from '../requestLog';
import { ExchangeActions, type InspectorSite } from './exchangeActions';
import { ExchangeDocuments } from './exchangeDocuments';
import { ExchangeStore } from './exchangeStore';
import { InspectorCommands } from './inspectorCommands';
import { RequestsView } from './requestsView';

/** What the controller needs of the inspector: recording a server's exchanges while it runs. */
export interface ExchangeRecorder {
  attach(server: RawHttpServer, baseUrl: string): vscode.Disposable;
}

export class Inspector implements ExchangeRecorder, vscode.Disposable {
  readonly store: ExchangeStore;
  readonly view: RequestsView;
  readonly documents: ExchangeDocuments;
  private readonly subscriptions: vscode.Disposable[];

  constructor(site: InspectorSite, log: RequestLog, notifier: Notifier, settings: InspectorSettings, extensionVersion: string) {
    this.store = new ExchangeStore(settings);
    this.view = new RequestsView(this.store);
    const showSecrets = (): boolean => log.formatOptions.showSecrets === true;
    this.documents = new ExchangeDocuments(this.store, showSecrets);
    const actions = new ExchangeActions({
      store: this.store, documents: this.documents, site, showSecrets, extensionVersion,
      logLine: (message) => log.line('info', message), notifier,
    });
    const commands = new InspectorCommands({ store: this.store, view: this.view, documents: this.documents, actions, notifier });
    this.subscriptions = [this.store, this.view, this.documents, ...commands.register()];
  }

  attach(server: RawHttpServer, baseUrl: string): vscode.Disposable {
    return this.store.attach(server, baseUrl);
  }

  /** inspector.maxRequests applies at once (a smaller one lets the oldest go now); maxBodyBytes from the next start. */
  configure(settings: InspectorSettings): void {
    this.store.configure(settings);
  }

  dispose(): void {
    for (const subscription of this.subscriptions.reverse()) {
      subscription.dispose();
    }
  }
}
