// Live reload for one running server, fed by VS Code instead of fs.watch: a FileSystemWatcher on the served root
// (it honours files.watcherExclude) reports disk changes, and in "onType" mode the text documents inside the root
// are served from their unsaved buffers (debounced) until they are saved, reverted or closed. Every change goes to
// server.fileChanged(), which drops the cache entry and tells the pages. Only src/vscode/** and src/extension.ts
// import vscode.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { RawHttpServer } from '../../core';
import { isInside } from '../../core/files/paths';
import { BufferOverlay } from './bufferOverlay';
import type { LiveMode } from './liveMode';

/** Typing pauses this long before the buffer is served and the pages reload (a keystroke is not a change). */
export const TYPING_DEBOUNCE_MS = 300;
/** How long after a save the watcher's report of it is matched against the saved bytes. */
const SAVE_ECHO_MS = 5000;

export class LiveSession implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly overlay = new BufferOverlay();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly rootReal: string;
  /**
   * Saves whose bytes the pages already show (they were served as the unsaved buffer), by file path: the watcher
   * reports each save too, and a page that reloaded for nothing (twice: the save, then the watcher) loses its state.
   */
  private readonly savedAsServed = new Map<string, { bytes: Buffer; until: number }>();

  /** `root` as configured (what VS Code's URIs use); the core keys files by the root's real path. */
  constructor(private readonly server: RawHttpServer, private readonly root: string, mode: LiveMode,
    onPageCount: (count: number) => void) {
    this.rootReal = server.files?.rootReal ?? root;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(root), '**/*'));
    const changed = (uri: vscode.Uri): void => void this.diskChanged(uri.fsPath);
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
        vscode.workspace.onDidSaveTextDocument((document) => this.backToDisk(document, true)),
        vscode.workspace.onDidCloseTextDocument((document) => this.backToDisk(document, false)),
      );
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
    this.savedAsServed.clear();
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

  /**
   * Saved or closed: the disk is the truth again. A save of exactly the bytes the pages were shown changes nothing
   * for them (the cache is dropped, no reload, and the watcher's echo of the save is matched below); anything else
   * tells the pages now (a save is also seen by the watcher).
   */
  private backToDisk(document: vscode.TextDocument, saved: boolean): void {
    const key = this.keyOf(document);
    if (key === undefined) {
      return;
    }
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    const served = this.overlay.take(key);
    if (!served) {
      return;
    }
    const text = Buffer.from(document.getText(), 'utf8');
    const unchanged = saved && !document.isDirty && served.bytes.equals(text);
    if (unchanged) {
      this.savedAsServed.set(document.uri.fsPath, { bytes: text, until: Date.now() + SAVE_ECHO_MS });
    }
    this.server.fileChanged(document.uri.fsPath, !unchanged);
  }

  /**
   * The watcher saw a change. When the disk now holds the bytes the pages were shown — the echo of a save, which
   * may come before or after onDidSaveTextDocument — it only drops the cache.
   */
  private async diskChanged(fsPath: string): Promise<void> {
    let saved = this.savedAsServed.get(fsPath);
    if (saved !== undefined && Date.now() > saved.until) {
      this.savedAsServed.delete(fsPath);
      saved = undefined;
    }
    const key = this.keyOfPath(fsPath);
    const shown = saved?.bytes ?? (key === undefined ? undefined : this.overlay.get(key)?.bytes);
    if (shown === undefined) {
      this.server.fileChanged(fsPath);
      return;
    }
    // A saved entry is kept until it expires: a watcher may report one save more than once.
    const onDisk = await fs.promises.readFile(fsPath).catch(() => undefined);
    const same = onDisk !== undefined && onDisk.equals(shown);
    if (!same) {
      this.savedAsServed.delete(fsPath);
    }
    this.server.fileChanged(fsPath, !same);
  }

  /** The path the core asks the overlay for (real root + relative path), for file documents inside the root. */
  private keyOf(document: vscode.TextDocument): string | undefined {
    return document.uri.scheme === 'file' ? this.keyOfPath(document.uri.fsPath) : undefined;
  }

  private keyOfPath(fsPath: string): string | undefined {
    const base = [this.root, this.rootReal].find((candidate) => isInside(candidate, fsPath));
    return base === undefined ? undefined : path.join(this.rootReal, path.relative(base, fsPath));
  }
}
