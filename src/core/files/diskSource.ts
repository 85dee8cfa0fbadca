// The disk as a FileSource: race-free opening. The name is opened first (non-blocking, so a FIFO swapped onto a
// served name cannot hang the extension host in open()), the descriptor is fstat'ed (only regular files and
// folders are served), and its identity (dev + ino) is proven equal to the file at a real path inside the root;
// what is served is that descriptor, never a second open of the name. On Linux the kernel's own name for the
// descriptor (/proc/self/fd) is checked too, which no rename race can fake. Every call is asynchronous: a slow disk
// (a network mount, a cloud placeholder) delays one request, never the editor.

import * as fs from 'node:fs';
import * as path from 'node:path';
import { closeQuietly } from '../closeQuietly';
import { isInside } from './paths';
import type { PathPolicy } from './pathPolicy';

export type Refused = { kind: 'refused'; status: number; reason: string };

export interface Identity {
  dev: number;
  ino: number;
  size: number;
  mtimeMs: number;
  /** Hard links to the file: a change through another link is not seen by a folder watcher. */
  nlink: number;
}

export type Opened =
  | { kind: 'file'; fd: number; identity: Identity; realPath: string }
  | { kind: 'directory'; realPath: string; mtimeMs: number }
  | Refused;

const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);
/** An atomic save (write a temporary file, rename it over the name) can race an open: try again this often. */
const ATTEMPTS = 3;
const PROC_FD = process.platform === 'linux' ? '/proc/self/fd/' : undefined;

export function refused(status: number, reason: string): Refused {
  return { kind: 'refused', status, reason };
}

/** Maps a file-system error to a status (after pillarjs/send's onStatError). */
export function statusForFsError(error: unknown): Refused {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'ENAMETOOLONG' || code === 'ELOOP') {
    return refused(404, 'no such file');
  }
  if (code === 'EACCES' || code === 'EPERM') {
    return refused(403, 'permission denied on the file system');
  }
  return refused(500, `file system error ${code ?? String(error)}`);
}

export function identityOf(stat: fs.Stats): Identity {
  return { dev: stat.dev, ino: stat.ino, size: stat.size, mtimeMs: stat.mtimeMs, nlink: stat.nlink };
}

export function sameVersion(a: Identity, b: Identity): boolean {
  return a.ino === b.ino && a.dev === b.dev && a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/**
 * Where the static files come from. The disk is one implementation; an overlay (unsaved editor buffers, see
 * overlay.ts) is consulted before it. Validators come from the source: a file's identity here, a document version
 * there.
 */
export interface FileSource {
  /** Opens `fullPath` (inside the root by name) and proves what was opened; a refusal says why not. */
  open(fullPath: string): Promise<Opened>;
  /** The current identity behind a name, for revalidating a cached version; undefined when it is gone. */
  identity(fullPath: string): Promise<Identity | undefined>;
  /** Containment and the path policy on a real path. */
  checkContained(real: string, what: string): Refused | undefined;
}

export class DiskSource implements FileSource {
  constructor(readonly rootReal: string, private readonly pathPolicy: PathPolicy) {}

  /** Opens `fullPath` (inside the root by name) and proves the descriptor is a file inside the root. */
  async open(fullPath: string): Promise<Opened> {
    let last: Opened = refused(503, 'the file kept changing while it was opened');
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const result = await this.openOnce(fullPath);
      if (result !== 'changed') {
        return result;
      }
      last = refused(503, 'the file kept changing while it was opened');
    }
    return last;
  }

  /** The current identity behind a name (following links), for revalidating a cached version. */
  async identity(fullPath: string): Promise<Identity | undefined> {
    try {
      return identityOf(await fs.promises.stat(fullPath));
    } catch {
      return undefined;
    }
  }

  private async openOnce(fullPath: string): Promise<Opened | 'changed'> {
    let fd: number;
    try {
      fd = await openFd(fullPath);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EISDIR') {
        return this.directory(fullPath); // Windows cannot open a folder as a file
      }
      return statusForFsError(error);
    }
    let keep = false;
    try {
      const stat = await fstatFd(fd);
      if (!stat.isFile() && !stat.isDirectory()) {
        return refused(403, 'not a regular file');
      }
      const proof = await this.prove(fullPath, fd, stat);
      if (proof === 'changed' || 'kind' in proof) {
        return proof;
      }
      if (stat.isDirectory()) {
        return { kind: 'directory', realPath: proof.real, mtimeMs: stat.mtimeMs };
      }
      keep = true;
      return { kind: 'file', fd, identity: identityOf(stat), realPath: proof.real };
    } catch (error) {
      return statusForFsError(error);
    } finally {
      if (!keep) {
        closeQuietly(fd);
      }
    }
  }

  /** The real path when the descriptor is the file at that path inside the root; else a refusal or 'changed'. */
  private async prove(fullPath: string, fd: number, stat: fs.Stats): Promise<{ real: string } | Refused | 'changed'> {
    const real = await fs.promises.realpath(fullPath);
    const outside = this.checkContained(real, 'symlink target');
    if (outside) {
      return outside;
    }
    const atReal = await fs.promises.stat(real).catch(() => undefined);
    if (!atReal || atReal.dev !== stat.dev || atReal.ino !== stat.ino) {
      return 'changed'; // the name now leads to another file than the one opened
    }
    if (PROC_FD !== undefined) {
      const kernelName = await fs.promises.readlink(PROC_FD + fd).catch(() => undefined);
      if (kernelName !== undefined && (kernelName.endsWith(' (deleted)') || !isInside(this.rootReal, kernelName))) {
        return kernelName.endsWith(' (deleted)') ? 'changed' : refused(403, 'the opened file is outside the root');
      }
    }
    return { real };
  }

  /** Containment and the path policy, on a real path (a symlink or an 8.3 short name may lead anywhere). */
  checkContained(real: string, what: string): Refused | undefined {
    if (!isInside(this.rootReal, real)) {
      return refused(403, `${what} outside root`);
    }
    const verdict = this.pathPolicy.checkRelativePath(path.relative(this.rootReal, real));
    return verdict.allowed ? undefined : refused(verdict.status, `${what}: ${verdict.reason}`);
  }

  private async directory(fullPath: string): Promise<Opened> {
    try {
      const real = await fs.promises.realpath(fullPath);
      const outside = this.checkContained(real, 'symlink target');
      if (outside) {
        return outside;
      }
      const stat = await fs.promises.stat(real);
      return stat.isDirectory() ? { kind: 'directory', realPath: real, mtimeMs: stat.mtimeMs } : refused(403, 'not a regular file');
    } catch (error) {
      return statusForFsError(error);
    }
  }
}

/** Reads a whole small file from its descriptor (the size from fstat: bytes and Content-Length agree). */
export async function readWhole(fd: number, size: number): Promise<Buffer> {
  const body = Buffer.allocUnsafe(size);
  let filled = 0;
  while (filled < size) {
    const { bytesRead } = await new Promise<{ bytesRead: number }>((resolve, reject) =>
      fs.read(fd, body, filled, size - filled, filled, (error, bytesRead) => (error ? reject(error) : resolve({ bytesRead }))));
    if (bytesRead === 0) {
      break;
    }
    filled += bytesRead;
  }
  return filled === size ? body : body.subarray(0, filled);
}

// Plain descriptors, not FileHandles: a FileHandle that is garbage-collected closes its descriptor, and ours
// outlive the function that opened them (a download streams from it).
function openFd(fullPath: string): Promise<number> {
  return new Promise((resolve, reject) => fs.open(fullPath, OPEN_FLAGS, (error, fd) => (error ? reject(error) : resolve(fd))));
}

function fstatFd(fd: number): Promise<fs.Stats> {
  return new Promise((resolve, reject) => fs.fstat(fd, (error, stat) => (error ? reject(error) : resolve(stat))));
}

