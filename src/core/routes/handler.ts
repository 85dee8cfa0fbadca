// Decides the answer to one parsed request: Host allowlist, method, target, file lookup, conditional request,
// range. Returns a Reply description; writing it to the socket is the connection's job. No sockets here.

import * as fs from 'node:fs';
import type { RequestHead } from '../http/parser';
import { parseTarget } from '../http/target';
import { FileStore, makeRecord, statusForFsError, type FileRecord } from '../files/fileStore';
import { HostAllowlist } from './hostGuard';
import { PathPolicy } from '../files/pathPolicy';
import { notModifiedReason, decideRange } from '../http/conditional';
import { errorPage, HTML_CSP } from '../http/html';
import { renderListing } from '../files/listing';
import type { ServerOptions } from '../options';

export interface Reply {
  status: number;
  /** Field lines (each ending in CRLF) without Date and Connection, Content-Length included. */
  fieldLines: string;
  /** Inline body (not sent for HEAD). */
  body?: Buffer;
  /** Streamed body: an open file descriptor and an inclusive byte range; the connection closes the fd. */
  file?: { fd: number; start: number; end: number };
  reason?: string;
  /** Close the connection after this reply (framing errors, oversized bodies). */
  close?: boolean;
}

const ALLOW = 'GET, HEAD, OPTIONS';
const HOST_CACHE_LIMIT = 256;

export class RequestHandler {
  readonly store: FileStore;
  private readonly pathPolicy: PathPolicy;
  private hosts: HostAllowlist;
  private readonly hostVerdicts = new Map<string, ReturnType<HostAllowlist['check']>>();
  /** Sent on every response: CORS when opted in. */
  private readonly commonLines: string;

  constructor(private readonly options: ServerOptions, rootReal: string) {
    this.commonLines = options.policy.cors ? 'Access-Control-Allow-Origin: *\r\n' : '';
    this.pathPolicy = new PathPolicy(options.policy);
    this.hosts = new HostAllowlist(options.host, options.policy, options.externalAuthorities);
    this.store = new FileStore(rootReal, this.pathPolicy, this.commonLines);
  }

  setExternalAuthorities(authorities: string[]): void {
    this.hosts = new HostAllowlist(this.options.host, this.options.policy, authorities);
    this.hostVerdicts.clear();
  }

  handle(head: RequestHead): Reply | Promise<Reply> {
    if (head.method === 'OPTIONS' && head.target === '*') {
      return this.hostRefusal(head.host) ?? this.optionsReply();
    }
    const parsed = parseTarget(head.target);
    if (!parsed.ok) {
      return this.errorReply(parsed.status, parsed.reason);
    }
    const refusal = this.hostRefusal(parsed.target.authority ?? head.host);
    if (refusal) {
      return refusal;
    }
    const isHead = head.method === 'HEAD';
    if (head.method !== 'GET' && !isHead) {
      return head.method === 'OPTIONS' ? this.optionsReply() : this.errorReply(405, `method ${head.method} not allowed → 405`,
        `Allow: ${ALLOW}\r\n`);
    }
    const { path, segments, query } = parsed.target;
    const lookup = this.store.lookup(path, segments, query);
    switch (lookup.kind) {
      case 'file':
        return this.fileReply(lookup.record, head);
      case 'redirect':
        return this.emptyReply(301, `Location: ${lookup.location}\r\n`, 'folder without trailing slash → 301');
      case 'listing':
        return this.listingReply(lookup.fullPath, path);
      case 'refused':
        return this.errorReply(lookup.status, lookup.reason);
    }
  }

  private hostRefusal(host: string | undefined): Reply | undefined {
    const key = host ?? '';
    let verdict = this.hostVerdicts.get(key);
    if (verdict === undefined) {
      verdict = this.hosts.check(host);
      if (this.hostVerdicts.size >= HOST_CACHE_LIMIT) {
        this.hostVerdicts.clear();
      }
      this.hostVerdicts.set(key, verdict);
    }
    if (verdict.allowed) {
      return undefined;
    }
    const detail = verdict.status === 403
      ? `This server only answers requests addressed to localhost, 127.0.0.1 or [::1], which protects your files from `
        + `DNS-rebinding attacks. To allow "${host}", add it to the allowedHosts setting (CLI: --allowed-hosts).`
      : `The Host header "${host}" is malformed.`;
    return this.errorReply(verdict.status, verdict.reason, '', detail);
  }

  private fileReply(cached: FileRecord, head: RequestHead): Reply {
    if (cached.body !== undefined) {
      return this.representationReply(cached, head, undefined);
    }
    // Large file: open now and take size and validators from the open descriptor, so Content-Length is exact.
    let fd: number | undefined;
    try {
      fd = fs.openSync(cached.fullPath, 'r');
      const reply = this.representationReply(makeRecord(cached.fullPath, fs.fstatSync(fd), undefined, this.commonLines), head, fd);
      if (!reply.file) {
        fs.closeSync(fd); // 304, 416, HEAD or an empty range: nothing to stream
      }
      return reply;
    } catch (error) {
      if (fd !== undefined) {
        fs.closeSync(fd);
      }
      const failure = statusForFsError(error);
      return this.errorReply(failure.status, failure.reason);
    }
  }

  /** `fd` is the open descriptor of a large file (streamed), undefined for a cached small one. */
  private representationReply(record: FileRecord, head: RequestHead, fd: number | undefined): Reply {
    const notModified = notModifiedReason(record.validators, head.ifNoneMatch, head.ifModifiedSince);
    if (notModified) {
      // RFC 9110 §15.4.5: a 304 carries the validators and Cache-Control a 200 would have, and no body.
      return { status: 304, fieldLines: record.fieldLines, reason: notModified };
    }
    const isHead = head.method === 'HEAD';
    // RFC 9110 §14.2: Range is defined for GET only; a HEAD gets the full representation's headers.
    const range = isHead ? { kind: 'full' as const } : decideRange(record.size, head.range, head.ifRange, record.validators);
    if (range.kind === 'unsatisfiable') {
      return this.emptyReply(416, `Content-Range: bytes */${record.size}\r\n`, `range not satisfiable for ${record.size} bytes → 416`);
    }
    const start = range.kind === 'partial' ? range.start : 0;
    const end = range.kind === 'partial' ? range.end : record.size - 1;
    const length = end - start + 1;
    const status = range.kind === 'partial' ? 206 : 200;
    const rangeLine = status === 206 ? `Content-Range: bytes ${start}-${end}/${record.size}\r\n` : '';
    const reply: Reply = {
      status,
      fieldLines: `${record.fieldLines}${rangeLine}Content-Length: ${length}\r\n`,
      reason: status === 206 ? `range ${start}-${end} of ${record.size} → 206` : range.kind === 'full' ? range.reason : undefined,
    };
    if (isHead || length === 0) {
      return reply;
    }
    if (fd === undefined) {
      reply.body = status === 206 ? record.body!.subarray(start, end + 1) : record.body;
    } else {
      reply.file = { fd, start, end };
    }
    return reply;
  }

  private async listingReply(fullPath: string, urlPath: string): Promise<Reply> {
    try {
      const html = await renderListing(fullPath, urlPath, this.store.rootReal, this.pathPolicy);
      return this.htmlReply(200, html, 'directory listing (no index.html)');
    } catch (error) {
      const failure = statusForFsError(error);
      return this.errorReply(failure.status, failure.reason);
    }
  }

  private optionsReply(): Reply {
    return { status: 204, fieldLines: `Allow: ${ALLOW}\r\n${this.commonLines}`, reason: 'OPTIONS → 204' };
  }

  private emptyReply(status: number, extraLines: string, reason: string): Reply {
    return { status, fieldLines: `${extraLines}${this.commonLines}Content-Length: 0\r\n`, reason };
  }

  private htmlReply(status: number, html: string, reason: string | undefined, extraLines = ''): Reply {
    const body = Buffer.from(html, 'utf8');
    return {
      status,
      fieldLines: `Content-Type: text/html; charset=utf-8\r\nContent-Security-Policy: ${HTML_CSP}\r\n`
        + `X-Content-Type-Options: nosniff\r\nCache-Control: no-cache\r\n${extraLines}${this.commonLines}`
        + `Content-Length: ${body.length}\r\n`,
      body,
      reason,
    };
  }

  errorReply(status: number, reason: string, extraLines = '', detail?: string): Reply {
    const reply = this.htmlReply(status, errorPage(status, detail ?? reason.replace(/ → \d+$/, '')), reason, extraLines);
    // A malformed request (RFC 9110 §15.5.1) says the client's idea of the protocol is off: do not trust what follows.
    reply.close = status === 400;
    return reply;
  }
}
