// Watches the served folder for the headless server (the extension uses VS Code's own watcher instead): Node's
// recursive fs.watch (inotify on Linux since Node 20, FSEvents on macOS, ReadDirectoryChangesW on Windows), which
// also covers folders created later. Events are reported as absolute paths; .git, node_modules and names the path
// policy refuses are ignored. A watcher that fails is reported once and closed: the cache revalidates by itself.

import * as fs from 'node:fs';
import * as path from 'node:path';
import type { PathPolicy } from './pathPolicy';

const IGNORED_FOLDERS = new Set(['.git', 'node_modules']);

export class RootWatcher {
  private watcher: fs.FSWatcher | undefined;

  constructor(private readonly root: string, private readonly pathPolicy: PathPolicy,
    private readonly onChange: (fullPath: string) => void, private readonly onFailure: (message: string) => void) {}

  /** True when watching began (the cache may then trust it); failures are reported through onFailure. */
  start(): boolean {
    try {
      this.watcher = fs.watch(this.root, { recursive: true, persistent: false }, (_event, filename) => {
        if (filename !== null && filename !== undefined) {
          this.report(filename.toString());
        }
      });
      this.watcher.on('error', (error) => this.fail(error));
      return true;
    } catch (error) {
      this.fail(error);
      return false;
    }
  }

  /** `relative` is as fs.watch gives it: relative to the root, with the platform's separators. */
  isIgnored(relative: string): boolean {
    const segments = relative.split(/[\\/]/).filter((segment) => segment !== '');
    return segments.some((segment) => IGNORED_FOLDERS.has(segment)) || !this.pathPolicy.check(segments).allowed;
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
  }

  private report(relative: string): void {
    if (!this.isIgnored(relative)) {
      this.onChange(path.join(this.root, relative));
    }
  }

  private fail(error: unknown): void {
    this.close();
    this.onFailure(`file watching stopped (${error instanceof Error ? error.message : String(error)}): files are revalidated on every request, and live reload needs a manual reload`);
  }
}
