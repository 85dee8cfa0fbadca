// A file version's representation: its type, validators and header lines, built once per version and memoised
// with it (a cached answer costs two concatenations). Per-path header rules are part of the lines; server-wide
// policy lines (CORS, CORP) and Date/Connection are added where the head is assembled (http/head.ts).

import { toHttpDate } from '../http/httpDate';
import type { Validators } from '../http/conditional';
import type { Identity } from './diskSource';
import { contentTypeFor } from './mime';

export interface FileRecord {
  /** The path that was opened (inside the root) and the version that was proven. */
  fullPath: string;
  identity: Identity;
  size: number;
  validators: Validators;
  contentType: string;
  /** Header lines shared by every answer for this version (each ends in CRLF), without Content-Length. */
  fieldLines: string;
  /** The whole file, for small files; large files are streamed from a descriptor opened per request. */
  body: Buffer | undefined;
  /** `fieldLines` with the whole size's Content-Length, memoised by linesWithLength. */
  withLength?: { from: string; size: number; lines: string };
}

/**
 * The lines of a 200: `fieldLines` and Content-Length, built once per version and handed out as the same string, so
 * a memoised response (server/assembledReplies.ts) recognises them by identity. Rebuilt if `fieldLines` was replaced
 * (a copied record, e.g. a live-reload variant, with lines and a size of its own).
 */
export function linesWithLength(record: FileRecord): string {
  const memo = record.withLength;
  if (memo !== undefined && memo.from === record.fieldLines && memo.size === record.size) {
    return memo.lines;
  }
  const lines = `${record.fieldLines}Content-Length: ${record.size}\r\n`;
  record.withLength = { from: record.fieldLines, size: record.size, lines };
  return lines;
}

export function makeRecord(fullPath: string, identity: Identity, body: Buffer | undefined, extraLines: string): FileRecord {
  const size = body?.length ?? identity.size;
  const validators: Validators = {
    etag: `W/"${size.toString(16)}-${Math.floor(identity.mtimeMs * 1000).toString(16)}"`,
    mtimeSeconds: Math.floor(identity.mtimeMs / 1000),
    lastModified: toHttpDate(identity.mtimeMs),
  };
  const contentType = contentTypeFor(fullPath);
  // Cache-Control: no-cache makes browsers revalidate every time, so a dev server never shows a stale file.
  const fieldLines = `Content-Type: ${contentType}\r\nLast-Modified: ${validators.lastModified}\r\nETag: ${validators.etag}\r\n`
    + `Accept-Ranges: bytes\r\nCache-Control: no-cache\r\nX-Content-Type-Options: nosniff\r\n${extraLines}`;
  return { fullPath, identity, size, validators, contentType, fieldLines, body };
}
