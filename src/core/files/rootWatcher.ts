// Watches the served folder for the headless server (the extension uses VS Code's own watcher instead): one
// non-recursive fs.watch per folder (inotify on Linux, FSEvents on macOS, ReadDirectoryChangesW on Windows), folders
// found with asynchronous readdir and added as they are created. Not Node 20's recursive mode: on Linux it watches
// every file and calls statSync/readdirSync on the event loop for each change, so a busy writer stalls the server,
// and it watches node_modules too. .git, node_modules and names the path policy refuses are neither watched nor
// reported. Events are reported as absolute paths; an event without a name reports the folder ("something changed
// in here"). A failure of the root's watch, or more folders than the cap, is reported once and the watching stops:
// the cache then revalidates by itself.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PathPolicy } from './pathPolicy';

const IGNORED_FOLDERS = new Set(['.git', 'node_modules']);
/** Folders watched at most (one watch each); a larger tree is served unwatched (revalidated). */
const MAX_FOLDERS = 4000;

export class RootWatcher {
  private readonly watchers = new Map<string, fs.FSWatcher>();
  /** Folders whose watch failed (EACCES, ENOSPC, EMFILE…): any event naming one tries again. */
  private readonly unwatchable = new Set<string>();
  /** Names whose folder check (one stat) is in flight. */
  private readonly checking = new Set<string>();
  private stopped = false;
  private pendingScans = 0;
  private readyListener: (() => void) | undefined;

  constructor(private readonly root: string, private readonly pathPolicy: PathPolicy,
    private readonly onChange: (fullPath: string) => void, private readonly onFailure: (message: string) => void) {}

  /** Starts watching; true when the root is watched. `onReady` runs once every folder found is watched too. */
  start(onReady?: () => void): boolean {
    this.readyListener = onReady;
    if (!this.watch(this.root)) {
      return false;
    }
    this.scan(this.root);
    return true;
  }

  /** `relative` is relative to the root, with either separator. */
  isIgnored(relative: string): boolean {
    const segments = relative.split(/[\\/]/).filter((segment) => segment !== '');
    return segments.some((segment) => IGNORED_FOLDERS.has(segment)) || !this.pathPolicy.check(segments).allowed;
  }

  close(): void {
    this.stopped = true;
    for (const watcher of this.watchers.values()) {
      watcher.close();
    }
    this.watchers.clear();
  }

  private watch(folder: string): boolean {
    if (this.stopped || this.watchers.has(folder)) {
      return true;
    }
    if (this.watchers.size >= MAX_FOLDERS) {
      this.fail(`more than ${MAX_FOLDERS} folders to watch`);
      return false;
    }
    try {
      const watcher = fs.watch(folder, { persistent: false }, (event, name) => this.onEvent(folder, event, name));
      watcher.on('error', (error) => (folder === this.root ? this.fail(error) : this.unwatch(folder)));
      this.watchers.set(folder, watcher);
      this.unwatchable.delete(folder);
      return true;
    } catch (error) {
      if (folder === this.root) {
        this.fail(error);
      } else if (this.unwatchable.size < MAX_FOLDERS) {
        this.unwatchable.add(folder);
      }
      return false;
    }
  }

  private unwatch(folder: string): void {
    this.watchers.get(folder)?.close();
    this.watchers.delete(folder);
  }

  /** Watches the folders below `folder`, asynchronously (a large tree never blocks the server). */
  private scan(folder: string): void {
    this.pendingScans++;
    fs.promises.readdir(folder, { withFileTypes: true }).then((entries) => {
      for (const entry of entries) {
        if (!entry.isDirectory()) {
          continue; // files need no watch of their own: their folder's reports them (and a join each costs)
        }
        const full = path.join(folder, entry.name);
        // Only a folder watched just now is scanned: a rescan (see onEvent) walks no subtree that is watched.
        const fresh = !this.watchers.has(full);
        if (!this.isIgnored(path.relative(this.root, full)) && this.watch(full) && fresh) {
          this.scan(full);
        }
      }
    }, () => undefined).finally(() => {
      if (--this.pendingScans === 0 && !this.stopped) {
        const ready = this.readyListener;
        this.readyListener = undefined;
        ready?.();
      }
    });
  }

  private onEvent(folder: string, event: fs.WatchEventType, name: string | Buffer | null): void {
    if (this.stopped) {
      return;
    }
    if (name === null || name === undefined) {
      // The platform did not say which entry (Windows after its event buffer overflowed, during a checkout or an
      // unzip): the folder counts as changed, and folders created in that burst get their watches.
      this.onChange(folder);
      this.scan(folder);
      return;
    }
    const full = path.join(folder, name.toString());
    if (this.isIgnored(path.relative(this.root, full))) {
      return;
    }
    this.onChange(full);
    if (event === 'rename' || this.unwatchable.has(full)) {
      // Only a name that appeared or went away can be a new or a removed folder; 'change' is new content or
      // attributes of an entry we already know, which a tool rewriting a file in a loop sends by the thousand.
      // A folder whose watch failed is tried again on any event (Windows and macOS report its changes as 'change').
      this.checkFolder(full);
    }
  }

  /**
   * A folder created (or moved in) needs a watch of its own; one that went away takes its watch with it. One stat
   * per name at a time: a tool rewriting a file in a loop must not flood the thread pool that serving needs.
   */
  private checkFolder(full: string): void {
    if (this.checking.has(full)) {
      return;
    }
    this.checking.add(full);
    fs.promises.stat(full).then((stat) => {
      if (stat.isDirectory() && !this.watchers.has(full) && this.watch(full)) {
        this.scan(full);
      }
    }, () => {
      this.unwatch(full);
      this.unwatchable.delete(full);
    }).finally(() => this.checking.delete(full));
  }

  private fail(error: unknown): void {
    if (this.stopped) {
      return;
    }
    this.close();
    this.onFailure(`file watching stopped (${error instanceof Error ? error.message : String(error)}): files are revalidated on every request, and live reload needs a manual reload`);
  }
}
