// The status bar view: one item whose single render(state) method sets text, tooltip, colour and command.
// The port is always visible while running; a click always toggles (rawHttpServer.toggle).
// Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import { livePagesLine } from './live/liveMode';
import type { ServerState } from './state';

export interface StatusSnapshot {
  text: string;
  tooltip: string;
  /** Theme colour id of the background, when the item is coloured (warning/error). */
  background?: string;
  visible: boolean;
}

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private snapshot: StatusSnapshot = { text: '', tooltip: '', visible: false };

  constructor() {
    this.item = vscode.window.createStatusBarItem('rawHttpServer.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Raw HTTP Server';
    this.item.command = COMMANDS.toggle;
  }

  /** What the item shows now (for the test API: the DOM is only reachable through the UI bridge). */
  get current(): StatusSnapshot {
    return { ...this.snapshot };
  }

  /** `visible` is false when there is no folder to serve: an item that can only say "no" is noise. */
  render(state: ServerState, visible: boolean): void {
    const { text, lines, background } = describe(state);
    this.snapshot = { text, tooltip: lines.join('\n'), background, visible };
    this.item.text = text;
    this.item.tooltip = this.snapshot.tooltip;
    this.item.backgroundColor = background ? new vscode.ThemeColor(background) : undefined;
    this.item.accessibilityInformation = { label: `Raw HTTP Server: ${lines[0]}`, role: 'button' };
    if (visible) {
      this.item.show();
    } else {
      this.item.hide();
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}

function describe(state: ServerState): { text: string; lines: string[]; background?: string } {
  const served = state.root ? `Serving ${state.root}` : undefined;
  switch (state.phase) {
    case 'running': {
      const lines = [`Raw HTTP Server on ${state.externalUrl ?? state.url ?? ''}`];
      if (state.externalUrl && state.externalUrl !== state.url) {
        lines.push(`Local address ${state.url ?? ''}`);
      }
      if (served) {
        lines.push(served);
      }
      if (state.fellBack) {
        lines.push(`Port ${state.requestedPort} was busy, so ${state.port} is used (the setting is unchanged).`);
      }
      const live = livePagesLine(state.live, state.livePages);
      if (live) {
        lines.push(live);
      }
      if (state.exposed) {
        lines.push(`Warning: bound to ${state.host}, so the folder is reachable from the network.`);
      }
      lines.push('Click to stop');
      return { text: `$(radio-tower) ${state.port}`, lines, background: state.exposed ? 'statusBarItem.warningBackground' : undefined };
    }
    case 'starting':
      return { text: '$(loading~spin) Raw HTTP', lines: ['Raw HTTP Server is starting…', ...(served ? [served] : [])] };
    case 'stopping':
      return { text: `$(loading~spin) ${state.port ?? 'Raw HTTP'}`, lines: ['Raw HTTP Server is stopping…'] };
    case 'error':
      return {
        text: '$(error) Raw HTTP',
        lines: [`Raw HTTP Server failed to start: ${state.error ?? 'unknown error'}`, 'Click to start'],
        background: 'statusBarItem.errorBackground',
      };
    case 'off':
      return { text: '$(circle-slash) Raw HTTP', lines: ['Raw HTTP Server is stopped', 'Click to start'] };
  }
}
