// Small files' bytes and header lines, keyed by URL path. A hit is revalidated against the file system before it
// is served (one async stat; concurrent hits on one path share it), so a changed file is never served stale
// wherever the server runs. A watcher may invalidate entries as files change; while the owner vouches that its
// watcher is healthy (`trustWatcher`), hits skip the stat altogether.

import type { FileRecord } from './representation';
import { sameVersion, type Identity } from './diskSource';

const BUDGET_BYTES = 32 * 1024 * 1024;
const MAX_ENTRIES = 4096;

interface Entry {
  record: FileRecord;
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
    if (this.trustWatcher) {
      return entry.record;
    }
    entry.checking ??= this.currentIdentity(entry.record.fullPath).then((identity) => {
      entry.checking = undefined;
      return identity !== undefined && sameVersion(identity, entry.record.identity);
    });
    return entry.checking.then((fresh) => {
      if (fresh) {
        return entry.record;
      }
      this.drop(urlPath, entry);
      return undefined;
    });
  }

  remember(urlPath: string, record: FileRecord): void {
    if (record.body === undefined || this.entries.size >= MAX_ENTRIES) {
      return;
    }
    const previous = this.entries.get(urlPath);
    if (previous) {
      this.drop(urlPath, previous);
    }
    this.entries.set(urlPath, { record, checking: undefined });
    this.bytes += record.size;
    for (const [key, entry] of this.entries) {
      if (this.bytes <= BUDGET_BYTES) {
        break;
      }
      this.drop(key, entry);
    }
  }

  /** A watcher saw `fullPath` change: drop every entry served from it (several URL paths can map to one file). */
  invalidate(fullPath: string): void {
    for (const [key, entry] of this.entries) {
      if (entry.record.fullPath === fullPath) {
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
