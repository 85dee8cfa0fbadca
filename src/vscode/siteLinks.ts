// Open in Browser and Copy URL: both start the server when it is stopped, then use the URL VS Code maps it to
// (env.asExternalUri: a forwarded authority under Remote-SSH, WSL, Codespaces or code-server). Open in Browser
// opens the page being edited when the server serves it. Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import type { ExternalUriResolver } from './launch';
import { activePageUrl } from './live/openCommands';
import type { ServerState } from './state';

export interface LinkedSite {
  ensureRunning(): Promise<ServerState>;
  asExternalUri: ExternalUriResolver;
  /** Says a sentence in a notification (and remembers it for the test API). */
  tell(message: string): Promise<void>;
}

export class SiteLinks {
  /** URL the last Open in Browser handed to env.openExternal (test API: opening is unobservable remotely). */
  lastOpenedUrl: string | undefined;

  constructor(private readonly site: LinkedSite) {}

  async openInBrowser(): Promise<string | undefined> {
    const state = await this.site.ensureRunning();
    const uri = await this.externalUri(state);
    if (!uri) {
      return undefined;
    }
    const page = (await activePageUrl(state)) ?? uri.toString(true);
    this.lastOpenedUrl = page;
    await vscode.env.openExternal(vscode.Uri.parse(page));
    return page;
  }

  async copyUrl(): Promise<void> {
    const uri = await this.externalUri(await this.site.ensureRunning());
    if (uri) {
      await vscode.env.clipboard.writeText(uri.toString(true));
      return this.site.tell(`Copied ${uri.toString(true)}`);
    }
  }

  private async externalUri(state: ServerState): Promise<vscode.Uri | undefined> {
    return state.url ? this.site.asExternalUri(vscode.Uri.parse(state.url)) : undefined;
  }
}
