// Every notification the extension shows goes through here, so it is recorded (the extension API cannot read
// notifications back) and a test can pick one of its buttons as a user would. Only src/vscode/** and
// src/extension.ts import vscode.
import * as vscode from 'vscode';

export type NotificationLevel = 'info' | 'warning' | 'error';

export interface ShownNotification {
  level: NotificationLevel;
  message: string;
  buttons: string[];
  /** The button picked (by the user or a test), `null` when dismissed; undefined while open. */
  outcome?: string | null;
}

interface Open extends ShownNotification {
  pick(button: string | undefined): void;
}

function showIn(level: NotificationLevel, message: string, buttons: string[]): Thenable<string | undefined> {
  switch (level) {
    case 'info': return vscode.window.showInformationMessage(message, ...buttons);
    case 'warning': return vscode.window.showWarningMessage(message, ...buttons);
    case 'error': return vscode.window.showErrorMessage(message, ...buttons);
  }
}

const KEPT = 50;

export class Notifier {
  private readonly shown: Open[] = [];

  /** Resolves with the button picked, or undefined when dismissed; callers must not await it on a start path. */
  show(level: NotificationLevel, message: string, ...buttons: string[]): Promise<string | undefined> {
    let pick: (button: string | undefined) => void = () => undefined;
    const picked = new Promise<string | undefined>((resolve) => { pick = resolve; });
    const record: Open = { level, message, buttons, pick };
    this.shown.push(record);
    if (this.shown.length > KEPT) {
      this.shown.shift();
    }
    void Promise.resolve(showIn(level, message, buttons)).then(pick, () => pick(undefined));
    return picked.then((button) => {
      record.outcome ??= button ?? null;
      record.pick = () => undefined;
      return button;
    });
  }

  /** Recorded notifications, oldest first (test API). */
  get recent(): ShownNotification[] {
    return this.shown.map(({ level, message, buttons, outcome }) => ({ level, message, buttons, outcome }));
  }

  /** Picks `button` on the newest open notification whose message contains `messagePart` (test API). */
  choose(messagePart: string, button: string): boolean {
    const target = [...this.shown].reverse().find((item) => item.outcome === undefined && item.message.includes(messagePart));
    if (!target || !target.buttons.includes(button)) {
      return false;
    }
    target.pick(button);
    return true;
  }
}
