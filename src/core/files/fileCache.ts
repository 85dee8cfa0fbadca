// Small files' bytes and header lines, keyed by URL path. A hit is revalidated against the file system before it
// is served (one async stat; concurrent hits on one path share it), so a changed file is never served stale
// wherever the server runs. A watcher invalidates entries as files change; while the owner vouches that its watcher
// is healthy (`trustWatcher`), a hit on a file the watcher can see change — a plain file at its real path with one
// link — needs no system call at all, and is still revalidated once a second in case an event was lost.

import * as path from 'node:path';
import type { FileRecord } from './representation';
import { sameVersion, type Identity } from './diskSource';

const BUDGET_BYTES = 32 * 1024 * 1024;
const MAX_ENTRIES = 4096;

/** How long a trusted entry is served without a stat: the bound on staleness should a watcher event be lost. */
const TRUSTED_FOR_MS = 1000;

interface Entry {
  record: FileRecord;
  /** A watcher sees every change of this file (not a symlink, not hard-linked). */
  watchable: boolean;
  /** When the record was last proven current. */
  validatedAt: number;
  /** A revalidation in flight, shared by the hits that arrive meanwhile. */
  checking: Promise<boolean> | undefined;
}

export class FileCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;
  /** Set by a watcher that reports every change under the root (and cleared when it cannot be trusted). */
  trustWatcher = false;

  constructor(private readonly currentIdentity: (fullPath: string) => Promise<Identity | undefined>) {}

  get size(): number {
    return this.entries.size;
  }

  /** The cached record if it is still the file's current version; a miss otherwise (the entry is dropped). */
  lookup(urlPath: string): FileRecord | Promise<FileRecord | undefined> | undefined {
    const entry = this.entries.get(urlPath);
    if (entry === undefined) {
      return undefined;
    }
    if (this.trustWatcher && entry.watchable && Date.now() - entry.validatedAt < TRUSTED_FOR_MS) {
      return entry.record;
    }
    entry.checking ??= this.currentIdentity(entry.record.fullPath).then((identity) => {
      entry.checking = undefined;
      const fresh = identity !== undefined && sameVersion(identity, entry.record.identity);
      if (fresh) {
        entry.validatedAt = Date.now();
      }
      return fresh;
    });
    return entry.checking.then((fresh) => {
      if (fresh) {
        return entry.record;
      }
      this.drop(urlPath, entry);
      return undefined;
    });
  }

  /** `watchable`: the file is at its real path with a single link, so a watcher of the root sees it change. */
  remember(urlPath: string, record: FileRecord, watchable = false): void {
    if (record.body === undefined || this.entries.size >= MAX_ENTRIES) {
      return;
    }
    const previous = this.entries.get(urlPath);
    if (previous) {
      this.drop(urlPath, previous);
    }
    this.entries.set(urlPath, { record, checking: undefined, watchable, validatedAt: Date.now() });
    this.bytes += record.size;
    for (const [key, entry] of this.entries) {
      if (this.bytes <= BUDGET_BYTES) {
        break;
      }
      this.drop(key, entry);
    }
  }

  /**
   * A watcher saw `fullPath` change: drop every entry served from it (several URL paths can map to one file), or
   * from inside it when it is a folder (renamed, removed, or a change the platform did not name).
   */
  invalidate(fullPath: string): void {
    const inside = fullPath.endsWith(path.sep) ? fullPath : fullPath + path.sep;
    for (const [key, entry] of this.entries) {
      if (entry.record.fullPath === fullPath || entry.record.fullPath.startsWith(inside)) {
        this.drop(key, entry);
      }
    }
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private drop(key: string, entry: Entry): void {
    if (this.entries.get(key) === entry) {
      this.entries.delete(key);
      this.bytes -= entry.record.size;
    }
  }
}
