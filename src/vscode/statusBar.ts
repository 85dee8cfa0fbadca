// The status bar view: one item whose render(state) sets text, Markdown tooltip, colour and command (tooltip.ts
// decides what they say). The port is always visible while running; a click always toggles (rawHttpServer.toggle).
// Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import { COMMANDS } from './commands';
import type { ServerState } from './state';
import { describeItem } from './tooltip';

export interface StatusSnapshot {
  text: string;
  /** The tooltip's Markdown source. */
  tooltip: string;
  /** Commands the tooltip's links may run (MarkdownString.isTrusted.enabledCommands). */
  tooltipCommands: string[];
  /** Theme colour id of the background, when the item is coloured (warning/error). */
  background?: string;
  visible: boolean;
}

export class StatusBar implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private snapshot: StatusSnapshot = { text: '', tooltip: '', tooltipCommands: [], visible: false };
  private last: { state: ServerState; visible: boolean } | undefined;

  constructor() {
    this.item = vscode.window.createStatusBarItem('rawHttpServer.status', vscode.StatusBarAlignment.Right, 100);
    this.item.name = 'Raw HTTP Server';
    this.item.command = COMMANDS.toggle;
  }

  /** What the item shows now (for the test API: the DOM is only reachable through the UI bridge). */
  get current(): StatusSnapshot {
    return { ...this.snapshot, tooltipCommands: [...this.snapshot.tooltipCommands] };
  }

  /** `visible` is false when there is no folder to serve: an item that can only say "no" is noise. */
  render(state: ServerState, visible: boolean): void {
    this.last = { state, visible };
    this.apply();
  }

  dispose(): void {
    this.item.dispose();
  }

  private apply(): void {
    if (!this.last) {
      return;
    }
    const { state, visible } = this.last;
    const look = describeItem(state);
    const trusted = look.tooltip.isTrusted;
    this.snapshot = {
      text: look.text, tooltip: look.tooltip.value, background: look.background, visible,
      tooltipCommands: typeof trusted === 'object' ? [...(trusted.enabledCommands ?? [])] : [],
    };
    this.item.text = look.text;
    this.item.tooltip = look.tooltip;
    this.item.backgroundColor = look.background ? new vscode.ThemeColor(look.background) : undefined;
    this.item.accessibilityInformation = { label: `Raw HTTP Server: ${look.summary}`, role: 'button' };
    if (visible) {
      this.item.show();
    } else {
      this.item.hide();
    }
  }
}
