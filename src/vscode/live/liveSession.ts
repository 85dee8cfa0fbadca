// Live reload for one running server, fed by VS Code instead of fs.watch: a FileSystemWatcher on the served root
// (it honours files.watcherExclude) reports disk changes, and in "onType" mode the text documents inside the root
// are served from their unsaved buffers (debounced) until they are saved, reverted or closed. Every change goes to
// server.fileChanged(), which drops the cache entry and tells the pages. Only src/vscode/** and src/extension.ts
// import vscode.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RawHttpServer } from '../../core';
import { isInside } from '../../core/files/paths';
import { BufferOverlay } from './bufferOverlay';
import type { LiveMode } from './liveMode';

/** Typing pauses this long before the buffer is served and the pages reload (a keystroke is not a change). */
export const TYPING_DEBOUNCE_MS = 300;

export class LiveSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly overlay = new BufferOverlay();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly rootReal: string;

  /** `root` as configured (what VS Code's URIs use); the core keys files by the root's real path. */
  constructor(private readonly server: RawHttpServer, private readonly root: string, mode: LiveMode,
    onPageCount: (count: number) => void) {
    this.rootReal = server.files?.rootReal ?? root;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '**/*'));
    const changed = (uri: vscode.Uri): void => this.server.fileChanged(uri.fsPath);
    this.disposables.push(watcher, watcher.onDidChange(changed), watcher.onDidCreate(changed), watcher.onDidDelete(changed));
    const live = server.live;
    if (live) {
      live.on('pageCount', onPageCount);
      this.disposables.push({ dispose: () => live.off('pageCount', onPageCount) });
    }
    if (mode === 'onType') {
      server.setOverlay(this.overlay);
      this.disposables.push(
        vscode.workspace.onDidChangeTextDocument((event) => this.typed(event.document)),
        vscode.workspace.onDidSaveTextDocument((document) => this.backToDisk(document)),
        vscode.workspace.onDidCloseTextDocument((document) => this.backToDisk(document)),
      );
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
    this.server.setOverlay(undefined);
    this.overlay.clear();
    for (const disposable of this.disposables.splice(0)) {
      disposable.dispose();
    }
  }

  private typed(document: vscode.TextDocument): void {
    const key = this.keyOf(document);
    if (key === undefined) {
      return;
    }
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      // Read the document when the timer fires: a revert (or undo back to the saved text) leaves it clean.
      if (document.isDirty && !document.isClosed) {
        this.overlay.set(key, { bytes: Buffer.from(document.getText(), 'utf8'), version: String(document.version) });
        this.server.fileChanged(document.uri.fsPath);
      } else if (this.overlay.delete(key)) {
        this.server.fileChanged(document.uri.fsPath);
      }
    }, TYPING_DEBOUNCE_MS));
  }

  /** Saved or closed: the disk is the truth again. A save is also seen by the watcher; this tells the pages now. */
  private backToDisk(document: vscode.TextDocument): void {
    const key = this.keyOf(document);
    if (key === undefined) {
      return;
    }
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    if (this.overlay.delete(key)) {
      this.server.fileChanged(document.uri.fsPath);
    }
  }

  /** The path the core asks the overlay for (real root + relative path), for file documents inside the root. */
  private keyOf(document: vscode.TextDocument): string | undefined {
    if (document.uri.scheme !== 'file') {
      return undefined;
    }
    const fsPath = document.uri.fsPath;
    const base = [this.root, this.rootReal].find((candidate) => isInside(candidate, fsPath));
    return base === undefined ? undefined : path.join(this.rootReal, path.relative(base, fsPath));
  }
}
