// An ExchangeRecord read back as a request the exporters can write out: method, target, version, the field lines as
// sent (raw order, names' case kept), the URL it was sent to, and its body content (framing removed) with whether
// that content is whole. Pure: no sockets, no files.

import { isUtf8 } from 'node:buffer';
import type { ExchangeRecord } from '../events';
import { ChunkedBodyReader } from '../http/chunkedBody';
import { firstField, splitRawHead } from '../http/rawFields';

export interface RecordedRequest {
  method: string;
  target: string;
  /** "HTTP/1.1" or "HTTP/1.0". */
  version: string;
  fields: Array<[name: string, value: string]>;
  /** The body content as far as the record knows it (chunked data decoded). */
  content: Buffer;
  /** False when the record kept only part of the body (the log's preview cap), so `content` is cut short. */
  contentComplete: boolean;
  chunked: boolean;
}

/** Decodes what a chunked wire preview holds (as far as it goes). */
function dechunk(wire: Buffer): Buffer {
  const parts: Buffer[] = [];
  new ChunkedBodyReader(Number.MAX_SAFE_INTEGER, (bytes) => parts.push(bytes)).feed(wire, 0);
  return Buffer.concat(parts);
}

export function recordedRequest(record: ExchangeRecord): RecordedRequest {
  const raw = splitRawHead(record.rawHead);
  const method = record.method ?? raw.method;
  const target = record.target ?? raw.target;
  const version = raw.version === 'HTTP/1.0' ? 'HTTP/1.0' : 'HTTP/1.1';
  const chunked = /(^|,)\s*chunked\s*$/i.test(firstField(raw.fields, 'transfer-encoding') ?? '');
  const previewWhole = record.bodyPreview.length >= record.bodyBytes;
  // A body a responder kept (capture mode) is whole unless the exchange was refused or cut short.
  const keptWhole = record.body !== undefined && record.status !== 413 && !record.aborted;
  let content: Buffer;
  if (previewWhole) {
    content = chunked ? dechunk(record.bodyPreview) : record.bodyPreview;
  } else {
    content = record.body ?? (chunked ? dechunk(record.bodyPreview) : record.bodyPreview);
  }
  return { method, target, version, fields: raw.fields, content, contentComplete: previewWhole || keptWhole, chunked };
}

/**
 * The URL the request was sent to: an absolute-form target as it is, else `baseUrl` (e.g. "http://127.0.0.1:8000")
 * joined with the target as a string — never through URL(), which would resolve ".." (RFC 3986 §5.2.4) and send
 * another request than the one recorded.
 */
export function requestUrl(target: string, baseUrl: string): string {
  return /^https?:\/\//i.test(target) ? target : baseUrl.replace(/\/+$/, '') + (target.startsWith('/') ? target : `/${target}`);
}

/** "http://" + the Host field, the base URL a HAR entry needs when no other is given. */
export function baseUrlFromHost(fields: ReadonlyArray<[string, string]>, fallback = 'http://localhost'): string {
  const host = firstField(fields, 'host');
  return host ? `http://${host}` : fallback;
}

/** Valid UTF-8 (node:buffer's validator: no decode and re-encode round trip). */
export function isUtf8Text(bytes: Buffer): boolean {
  return isUtf8(bytes);
}

/** How to keep more of each body, in both front ends. */
export const RAISE_BODY_LIMIT = 'to keep more, raise --log-body-bytes (CLI) or rawHttpServer.inspector.maxBodyBytes (VS Code)';

/** " (body cut short: 1024 of 5000 bytes recorded)" for notes and comments, or "". */
export function truncationNote(record: ExchangeRecord, request: RecordedRequest): string {
  return request.contentComplete ? '' : `body cut short: ${request.content.length} bytes of ${record.bodyBytes} recorded`
    + ` (${RAISE_BODY_LIMIT})`;
}
