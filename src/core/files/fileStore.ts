// Maps a decoded URL path to a file under the root: containment (path.relative, then again on the real path so
// symlinks cannot leave the root), index files, directory redirects, and a cache of small files' bytes and header
// lines keyed by path and revalidated with one stat per request, so a changed file is never served stale.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { contentTypeFor } from './mime';
import { toHttpDate } from '../http/httpDate';
import type { PathPolicy } from './pathPolicy';
import type { Validators } from '../http/conditional';
import { isInside } from './paths';

export interface FileRecord {
  fullPath: string;
  ino: number;
  size: number;
  mtimeMs: number;
  validators: Validators;
  contentType: string;
  /** Header lines shared by every answer for this version (each ends in CRLF), without Content-Length. */
  fieldLines: string;
  /** The whole file, for small files; large files are streamed. */
  body: Buffer | undefined;
}

export type Refused = { kind: 'refused'; status: number; reason: string };

export type Lookup =
  | { kind: 'file'; record: FileRecord }
  | { kind: 'listing'; fullPath: string }
  | { kind: 'redirect'; location: string }
  | Refused;

const INDEX_FILES = ['index.html', 'index.htm'];
const SMALL_FILE_BYTES = 256 * 1024;
const CACHE_BUDGET_BYTES = 32 * 1024 * 1024;
const CACHE_MAX_ENTRIES = 4096;

function refused(status: number, reason: string): Refused {
  return { kind: 'refused', status, reason };
}

/** Maps a file-system error to a status (after pillarjs/send's onStatError). */
export function statusForFsError(error: unknown): Refused {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG' || code === 'ELOOP') {
    return refused(404, 'no such file → 404');
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return refused(403, 'permission denied on the file system → 403');
  }
  return refused(500, `file system error ${code ?? String(error)} → 500`);
}

export class FileStore {
  private readonly cache = new Map<string, FileRecord>();
  private cachedBytes = 0;

  constructor(readonly rootReal: string, private readonly pathPolicy: PathPolicy, private readonly extraFieldLines: string) {}

  /** `urlPath` and `segments` come from parseTarget (decoded, normalised, no ".."). */
  lookup(urlPath: string, segments: readonly string[], query: string): Lookup {
    const cached = this.cache.get(urlPath);
    if (cached !== undefined) {
      const stat = statOrUndefined(cached.fullPath);
      if (stat && stat.isFile() && stat.ino === cached.ino && stat.size === cached.size && stat.mtimeMs === cached.mtimeMs) {
        return { kind: 'file', record: cached };
      }
      this.forget(urlPath, cached);
    }
    const policy = this.pathPolicy.check(segments);
    if (!policy.allowed) {
      return refused(policy.status, policy.reason);
    }
    const fullPath = path.join(this.rootReal, ...segments);
    if (!isInside(this.rootReal, fullPath)) {
      return refused(403, 'path outside root → 403');
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(fullPath);
    } catch (error) {
      return statusForFsError(error);
    }
    const contained = this.checkRealPath(fullPath);
    if (contained) {
      return contained;
    }
    if (stat.isDirectory()) {
      return this.lookupDirectory(urlPath, fullPath, query);
    }
    if (!stat.isFile()) {
      return refused(403, 'not a regular file → 403');
    }
    if (urlPath.endsWith('/')) {
      return refused(404, 'file requested as a folder → 404');
    }
    return this.remember(urlPath, fullPath);
  }

  /** Re-checks containment on the real path: a symlink inside the root may point anywhere. */
  private checkRealPath(fullPath: string): Lookup | undefined {
    let real: string;
    try {
      real = fs.realpathSync.native(fullPath);
    } catch (error) {
      return statusForFsError(error);
    }
    if (!isInside(this.rootReal, real)) {
      return refused(403, 'symlink target outside root → 403');
    }
    const relative = path.relative(this.rootReal, real);
    const policy = this.pathPolicy.check(relative === '' ? [] : relative.split(path.sep));
    return policy.allowed ? undefined : refused(policy.status, `symlink target: ${policy.reason}`);
  }

  private lookupDirectory(urlPath: string, fullPath: string, query: string): Lookup {
    if (!urlPath.endsWith('/')) {
      // Built from the normalised path, so it always starts with a single "/" (never "//host", an open redirect).
      return { kind: 'redirect', location: encodePath(urlPath) + '/' + query };
    }
    for (const indexName of INDEX_FILES) {
      const indexPath = path.join(fullPath, indexName);
      const stat = statOrUndefined(indexPath);
      if (stat?.isFile() && !this.checkRealPath(indexPath)) {
        return this.remember(urlPath, indexPath);
      }
    }
    return { kind: 'listing', fullPath };
  }

  private remember(urlPath: string, fullPath: string): Lookup {
    let record: FileRecord;
    try {
      record = this.readRecord(fullPath);
    } catch (error) {
      return statusForFsError(error);
    }
    if (record.body !== undefined && this.cache.size < CACHE_MAX_ENTRIES) {
      this.cache.set(urlPath, record);
      this.cachedBytes += record.size;
      this.evictOverBudget();
    }
    return { kind: 'file', record };
  }

  /** Reads validators from the open file (so size and bytes agree) and, for a small file, its bytes. */
  private readRecord(fullPath: string): FileRecord {
    const fd = fs.openSync(fullPath, 'r');
    try {
      const stat = fs.fstatSync(fd);
      let body: Buffer | undefined;
      if (stat.size <= SMALL_FILE_BYTES) {
        body = Buffer.allocUnsafe(stat.size);
        let filled = 0;
        while (filled < stat.size) {
          const read = fs.readSync(fd, body, filled, stat.size - filled, filled);
          if (read === 0) {
            break;
          }
          filled += read;
        }
        body = filled === stat.size ? body : body.subarray(0, filled);
      }
      return makeRecord(fullPath, stat, body, this.extraFieldLines);
    } finally {
      fs.closeSync(fd);
    }
  }

  private forget(urlPath: string, record: FileRecord): void {
    this.cache.delete(urlPath);
    this.cachedBytes -= record.size;
  }

  private evictOverBudget(): void {
    for (const [key, record] of this.cache) {
      if (this.cachedBytes <= CACHE_BUDGET_BYTES) {
        break;
      }
      this.forget(key, record);
    }
  }
}

export function makeRecord(fullPath: string, stat: fs.Stats, body: Buffer | undefined, extraFieldLines: string): FileRecord {
  const size = body?.length ?? stat.size;
  const mtimeSeconds = Math.floor(stat.mtimeMs / 1000);
  const validators: Validators = {
    etag: `W/"${size.toString(16)}-${Math.floor(stat.mtimeMs * 1000).toString(16)}"`,
    mtimeSeconds,
    lastModified: toHttpDate(stat.mtimeMs),
  };
  const contentType = contentTypeFor(fullPath);
  // Cache-Control: no-cache makes browsers revalidate every time, so a dev server never shows a stale file.
  const fieldLines = `Content-Type: ${contentType}\r\nLast-Modified: ${validators.lastModified}\r\nETag: ${validators.etag}\r\n`
    + `Accept-Ranges: bytes\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n${extraFieldLines}`;
  return { fullPath, ino: stat.ino, size, mtimeMs: stat.mtimeMs, validators, contentType, fieldLines, body };
}

function statOrUndefined(fullPath: string): fs.Stats | undefined {
  try {
    return fs.statSync(fullPath);
  } catch {
    return undefined;
  }
}

/** Percent-encodes a decoded path for a Location header, keeping the "/" separators. */
export function encodePath(decodedPath: string): string {
  return decodedPath.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}
