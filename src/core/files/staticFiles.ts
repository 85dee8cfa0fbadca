// The static-file responder: maps a parsed target to a file under the root and answers it — cached small files
// (revalidated), large files streamed from the descriptor that was proven, folders redirected, indexed or listed,
// conditional requests and ranges (fileReply.ts), per-path header rules, and the SPA fallback for missing documents.

import * as path from 'node:path';
import { fieldValue, type RequestHead } from '../http/requestHead';
import { emptyReply, errorReply, htmlReply, type Reply } from '../http/reply';
import type { ParsedTarget } from '../http/target';
import type { ServerOptions } from '../options';
import type { Answer, RequestContext, Responder } from '../server/responder';
import { closeQuietly } from '../closeQuietly';
import { DiskSource, readWhole, refused, type FileSource, type Refused } from './diskSource';
import { FileCache } from './fileCache';
import { fileReply } from './fileReply';
import { HeaderRules } from './headerRules';
import { Listings } from './listing';
import type { ContentOverlay } from './overlay';
import { isInside } from './paths';
import { PathPolicy } from './pathPolicy';
import { contentTypeFor } from './mime';
import { makeRecord, type FileRecord } from './representation';

const ALLOW = 'GET, HEAD, OPTIONS';
const INDEX_FILES = ['index.html', 'index.htm'];
/** Files up to this size are read whole and cached; larger ones are streamed. */
export const SMALL_FILE_BYTES = 256 * 1024;
/** With live reload on, HTML up to this size is read whole (and injected) even when it is not cached. */
const INJECTED_HTML_BYTES = 16 * 1024 * 1024;

type Found = { kind: 'file'; record: FileRecord; fd?: number } | { kind: 'redirect'; location: string }
  | { kind: 'listing'; realPath: string; mtimeMs: number } | Refused;

export class StaticFiles implements Responder {
  readonly source: FileSource;
  readonly cache: FileCache;
  readonly pathPolicy: PathPolicy;
  private readonly listings: Listings;
  private readonly headerRules: HeaderRules;
  /** Unsaved editor buffers served instead of the disk (set by the VS Code layer). */
  overlay: ContentOverlay | undefined;
  /** With live reload on: the field lines an injected HTML answer carries, as they are when a request comes. */
  liveMarkLines: (() => string) | undefined;
  /** Those lines per request, taken when it came (see respond). */
  private readonly liveMarks = new WeakMap<RequestContext, string>();

  constructor(private readonly options: ServerOptions, readonly rootReal: string, platform: NodeJS.Platform = process.platform) {
    this.pathPolicy = new PathPolicy(options.policy, { platform: platform === 'win32' ? 'win32' : 'posix' });
    this.source = new DiskSource(rootReal, this.pathPolicy);
    this.cache = new FileCache((fullPath) => this.source.identity(fullPath));
    this.listings = new Listings(this.source, this.pathPolicy);
    this.headerRules = new HeaderRules(options.headers);
  }

  respond(context: RequestContext): Answer | Promise<Answer> {
    const head = context.head;
    if (head.method !== 'GET' && head.method !== 'HEAD') {
      return head.method === 'OPTIONS'
        ? { status: 204, fieldLines: `Allow: ${ALLOW}\r\n`, reason: 'OPTIONS' }
        : errorReply(405, `method ${head.method} not allowed`, undefined, `Allow: ${ALLOW}\r\n`);
    }
    const target = context.target;
    if (!target.ok) {
      return errorReply(target.status, target.reason);
    }
    const urlPath = target.target.path;
    if (this.options.liveReload) {
      // Before any lookup or read: the mark says which changes this answer can include (LiveReload.servedMarkLine).
      this.liveMarks.set(context, this.liveMarkLines?.() ?? '');
    }
    if (this.overlay !== undefined) {
      const overlaid = this.fromOverlay(target.target, context);
      if (overlaid) {
        return overlaid;
      }
    }
    const cached = this.cache.lookup(urlPath);
    if (cached instanceof Promise) {
      return cached.then((record) => (record ? this.reply(record, undefined, context, urlPath)
        : this.answer(target.target, context)));
    }
    return cached ? this.reply(cached, undefined, context, urlPath) : this.answer(target.target, context);
  }

  /** fileReply with this request's live-reload mark (undefined when live reload is off). */
  private reply(record: FileRecord, fd: number | undefined, context: RequestContext, urlPath: string): Reply {
    return fileReply(record, fd, context, urlPath, this.liveMarks.get(context));
  }

  /** An unsaved buffer for the path the request names: its bytes, validated by the document version. */
  private fromOverlay(target: ParsedTarget, context: RequestContext): Reply | undefined {
    if (!this.pathPolicy.check(target.segments).allowed) {
      return undefined;
    }
    const fullPath = path.join(this.rootReal, ...target.segments);
    const content = this.overlay!.get(fullPath);
    if (content === undefined) {
      return undefined;
    }
    const identity = { dev: 0, ino: 0, size: content.bytes.length, mtimeMs: Date.now(), nlink: 1 };
    const record = makeRecord(fullPath, identity, content.bytes, this.headerRules.linesFor(target.path));
    record.validators.etag = `W/"buffer-${content.version}-${content.bytes.length.toString(16)}"`;
    record.fieldLines = record.fieldLines.replace(/ETag: [^\r]*\r\n/, `ETag: ${record.validators.etag}\r\n`)
      .replace(/Last-Modified: [^\r]*\r\n/, '');
    record.validators.mtimeSeconds = Number.MAX_SAFE_INTEGER; // If-Modified-Since never matches an unsaved buffer
    context.note('unsaved editor buffer served');
    return this.reply(record, undefined, context, target.path);
  }

  private async answer(target: ParsedTarget, context: RequestContext): Promise<Reply> {
    const found = await this.find(target.path, target.segments, target.query);
    if (found.kind === 'refused' && found.status === 404 && found.reason === 'no such file') {
      const fallback = await this.spaFallback(target, context);
      if (fallback) {
        return fallback;
      }
    }
    return this.toReply(found, target.path, context);
  }

  private toReply(found: Found, urlPath: string, context: RequestContext): Reply | Promise<Reply> {
    switch (found.kind) {
      case 'file':
        return this.reply(found.record, found.fd, context, urlPath);
      case 'redirect':
        return emptyReply(301, `Location: ${found.location}\r\n`, 'folder without trailing slash');
      case 'listing':
        return this.listings.render(found.realPath, found.mtimeMs, urlPath)
          .then((html) => htmlReply(200, html, 'directory listing (no index.html)', this.headerRules.linesFor(urlPath)),
            () => errorReply(500, 'the folder could not be listed'));
      case 'refused':
        return errorReply(found.status, found.reason);
    }
  }

  /** `urlPath` and `segments` come from parseTarget (decoded, normalised, no ".."). */
  private async find(urlPath: string, segments: readonly string[], query: string): Promise<Found> {
    const policy = this.pathPolicy.check(segments);
    if (!policy.allowed) {
      return refused(policy.status, policy.reason);
    }
    const fullPath = path.join(this.rootReal, ...segments);
    if (!isInside(this.rootReal, fullPath)) {
      return refused(403, 'path outside root');
    }
    const opened = await this.source.open(fullPath);
    if (opened.kind === 'refused') {
      return opened;
    }
    if (opened.kind === 'file') {
      if (urlPath.endsWith('/')) {
        closeQuietly(opened.fd);
        return refused(404, 'file requested as a folder');
      }
      return this.load(urlPath, fullPath, opened.fd, opened.identity, opened.realPath);
    }
    if (!urlPath.endsWith('/')) {
      // Built from the normalised path, so it always starts with a single "/" (never "//host", an open redirect).
      return { kind: 'redirect', location: encodePath(urlPath) + '/' + query };
    }
    for (const indexName of INDEX_FILES) {
      const indexPath = path.join(fullPath, indexName);
      const index = await this.source.open(indexPath);
      if (index.kind === 'file') {
        return this.load(urlPath, indexPath, index.fd, index.identity, index.realPath);
      }
    }
    return { kind: 'listing', realPath: opened.realPath, mtimeMs: opened.mtimeMs };
  }

  /** A small file is read whole from its descriptor and cached; a large one keeps the descriptor for streaming. */
  private async load(urlPath: string, fullPath: string, fd: number, identity: FileRecord['identity'], realPath: string): Promise<Found> {
    const lines = this.headerRules.linesFor(urlPath);
    const injectable = this.options.liveReload && identity.size <= INJECTED_HTML_BYTES && contentTypeFor(fullPath).startsWith('text/html');
    if (identity.size > SMALL_FILE_BYTES && !injectable) {
      return { kind: 'file', record: makeRecord(fullPath, identity, undefined, lines), fd };
    }
    try {
      const record = makeRecord(fullPath, identity, await readWhole(fd, identity.size), lines);
      // A watcher of the root sees this file change only at its real path and through its only link.
      this.cache.remember(urlPath, record, realPath === fullPath && identity.nlink === 1);
      return { kind: 'file', record };
    } catch (error) {
      return refused(500, `read error ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
    } finally {
      closeQuietly(fd);
    }
  }

  /**
   * SPA fallback: a GET or HEAD for a missing path without a file extension, from a request that wants a document
   * (Accept includes text/html, or Sec-Fetch-Dest: document), gets the configured file; missing assets stay 404.
   */
  private async spaFallback(target: ParsedTarget, context: RequestContext): Promise<Reply | undefined> {
    const head = context.head;
    const fallback = this.options.spaFallback;
    const last = target.segments[target.segments.length - 1] ?? '';
    if (fallback === '' || target.path === fallback || last.includes('.') || !wantsDocument(head)) {
      return undefined;
    }
    const segments = fallback.split('/').filter((segment) => segment !== '');
    const found = await this.find(fallback, segments, '');
    if (found.kind !== 'file') {
      if (found.kind === 'listing') {
        return undefined;
      }
      return found.kind === 'refused' ? errorReply(500, `SPA fallback ${fallback} cannot be served: ${found.reason}`) : undefined;
    }
    const reply = this.reply(found.record, found.fd, context, target.path);
    if (reply.reason) {
      context.note(reply.reason); // e.g. "If-None-Match matched": the fallback file was revalidated
    }
    return { ...reply, reason: 'SPA fallback', servedInstead: fallback };
  }
}

function wantsDocument(head: RequestHead): boolean {
  const accept = fieldValue(head, 'accept') ?? '';
  return accept.includes('text/html') || fieldValue(head, 'sec-fetch-dest') === 'document';
}


/** Percent-encodes a decoded path for a Location header, keeping the "/" separators. */
export function encodePath(decodedPath: string): string {
  return decodedPath.split('/').map((segment) => encodeURIComponent(segment)).join('/');
}
