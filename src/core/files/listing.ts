// Directory listings for folders without an index file. A huge folder must not hurt anyone else: entries are read
// incrementally (opendir) and reading stops at the listing cap, entries are described a few at a time, only a few
// listings are built at once, and a listing is cached until the folder's mtime changes. Entries the policy refuses
// are never listed, nor are symlinks that lead outside the root or to a refused file (`safe.txt → .env`).

import * as fs from 'node:fs';
import * as path from 'node:path';
import { directoryListing, type ListingEntry } from '../http/html';
import type { FileSource } from './diskSource';
import type { PathPolicy } from './pathPolicy';

/** Beyond this many entries the listing is cut (with a note). */
export const MAX_LISTED = 5000;
/** Entries counted (not described) for the "N more entries" note before the walk stops. */
const MAX_COUNTED = 100_000;
/** Listings built at once; the others wait their turn. */
const CONCURRENT_LISTINGS = 2;
/** Entries described (stat'ed) at once within one listing. */
const DESCRIBE_BATCH = 32;
const CACHED_LISTINGS = 64;

export class Listings {
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private readonly cache = new Map<string, { mtimeMs: number; urlPath: string; html: string }>();

  constructor(private readonly source: FileSource, private readonly pathPolicy: PathPolicy) {}

  async render(realPath: string, mtimeMs: number, urlPath: string): Promise<string> {
    const cached = this.cache.get(realPath);
    if (cached && cached.mtimeMs === mtimeMs && cached.urlPath === urlPath) {
      return cached.html;
    }
    await this.acquire();
    try {
      const html = await this.build(realPath, urlPath);
      if (this.cache.size >= CACHED_LISTINGS) {
        this.cache.delete(this.cache.keys().next().value!);
      }
      this.cache.set(realPath, { mtimeMs, urlPath, html });
      return html;
    } finally {
      this.release();
    }
  }

  private async build(realPath: string, urlPath: string): Promise<string> {
    const atRoot = urlPath === '/';
    const names: Array<{ name: string; isLink: boolean }> = [];
    let total = 0;
    const dir = await fs.promises.opendir(realPath, { bufferSize: 256 });
    try {
      for await (const dirent of dir) {
        if (!this.pathPolicy.isListable(dirent.name, atRoot)) {
          continue;
        }
        total++;
        if (names.length < MAX_LISTED) {
          names.push({ name: dirent.name, isLink: dirent.isSymbolicLink() });
        } else if (total > MAX_COUNTED) {
          break; // enough to say "more than N more entries"; no need to walk a million names
        }
      }
    } finally {
      await dir.close().catch(() => undefined);
    }
    const entries: ListingEntry[] = [];
    for (let i = 0; i < names.length; i += DESCRIBE_BATCH) {
      const batch = await Promise.all(names.slice(i, i + DESCRIBE_BATCH).map((entry) => this.describe(realPath, entry)));
      for (const entry of batch) {
        if (entry) {
          entries.push(entry);
        }
      }
    }
    return directoryListing(urlPath, entries, Math.max(0, total - names.length), total > MAX_COUNTED);
  }

  private async describe(folder: string, entry: { name: string; isLink: boolean }): Promise<ListingEntry | undefined> {
    const entryPath = path.join(folder, entry.name);
    try {
      if (entry.isLink && this.source.checkContained(await fs.promises.realpath(entryPath), 'symlink target') !== undefined) {
        return undefined; // a link out of the root, or an alias of a refused file: not ours to show
      }
      const stat = await fs.promises.stat(entryPath);
      if (!stat.isFile() && !stat.isDirectory()) {
        return undefined;
      }
      return { name: entry.name, isDirectory: stat.isDirectory(), size: stat.size, mtimeMs: stat.mtimeMs };
    } catch {
      return undefined; // vanished or a dangling link: not worth a row
    }
  }

  private acquire(): Promise<void> {
    if (this.running < CONCURRENT_LISTINGS) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(() => {
      this.running++;
      resolve();
    }));
  }

  private release(): void {
    this.running--;
    this.waiting.shift()?.();
  }
}
