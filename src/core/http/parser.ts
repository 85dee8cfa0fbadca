// Incremental, strict HTTP/1.x request-head parser over raw bytes (RFC 9112 §2–§6). Pure: it never touches a
// socket, so the same bytes split across any number of packets give the same answer. It finds the end of the head
// with one indexOf on the buffer and validates every byte of the request line and the field lines.

import type { ServerLimits } from '../options';
import { TCHAR, FIELD_VALUE_CHAR, TARGET_CHAR } from './charClasses';

export interface RequestHead {
  method: string;
  target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  minorVersion: number;
  host: string | undefined;
  /** undefined when absent; the framing rules below have already rejected every ambiguous form. */
  contentLength: number | undefined;
  chunked: boolean;
  connectionClose: boolean;
  connectionKeepAlive: boolean;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  range: string | undefined;
  ifRange: string | undefined;
  /** "Expect: 100-continue" was sent: the client waits for an interim answer before sending the body. */
  expectContinue: boolean;
  /** Every field line in wire order: name lower-cased, value without surrounding whitespace. */
  fields: Array<[name: string, value: string]>;
}

/** All values of a field joined by ", " (RFC 9110 §5.3), or undefined when absent. `name` is lower-case. */
export function fieldValue(head: RequestHead, name: string): string | undefined {
  let joined: string | undefined;
  for (const [fieldName, value] of head.fields) {
    if (fieldName === name) {
      joined = joined === undefined ? value : `${joined}, ${value}`;
    }
  }
  return joined;
}

export type ParseResult =
  | { kind: 'incomplete' }
  /** The head occupies bytes [start, end) of the buffer (leading empty lines skipped before start). */
  | { kind: 'request'; head: RequestHead; start: number; end: number }
  | { kind: 'error'; status: number; reason: string; method?: string; target?: string };

export type ParserLimits = Pick<ServerLimits, 'maxTargetBytes' | 'maxHeadBytes'>;

const CR = 13;
const LF = 10;
const SP = 32;
const HTAB = 9;
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
/** 1 KiB of empty lines, to skip leading ones a kilobyte per comparison. */
const CRLF_RUN = Buffer.from('\r\n'.repeat(512), 'latin1');
/** Longest method we accept; "OPTIONS" is 7, extension methods rarely exceed this. Bounds the early 414 check. */
const MAX_METHOD_LENGTH = 32;

function error(status: number, reason: string, method?: string, target?: string): ParseResult {
  return { kind: 'error', status, reason, method, target };
}

/**
 * Parses the request head that starts at `offset` in `buffer`. Returns 'incomplete' while more bytes are needed,
 * and rejects as early as the bytes allow (garbage, bare LF, an over-long target or head) so a bad client never
 * makes the server wait for the header timeout.
 */
export function parseRequestHead(buffer: Buffer, offset: number, limits: ParserLimits): ParseResult {
  const start = skipEmptyLines(buffer, offset, limits.maxHeadBytes);
  if (start - offset > limits.maxHeadBytes) {
    // 400, not 431: nothing here is a header field (RFC 6585 §5), so "make your headers smaller" would mislead;
    // this many empty lines is a broken or hostile client.
    return error(400, `over ${limits.maxHeadBytes / 1024} KiB of empty lines before the request line`);
  }
  if (start >= buffer.length || (buffer[start] === CR && start + 1 === buffer.length)) {
    return { kind: 'incomplete' };
  }
  const headEnd = buffer.indexOf(HEAD_END, start);
  if (headEnd === -1) {
    return checkIncompleteHead(buffer, offset, start, limits);
  }
  const end = headEnd + 4;
  const text = buffer.toString('latin1', start, end);
  const lineEnd = text.indexOf('\r\n');
  const requestLine = parseRequestLine(text, lineEnd, limits);
  if ('kind' in requestLine) {
    return requestLine;
  }
  // The skipped empty lines count too: they cost the same buffer space and scanning as header bytes.
  if (end - offset > limits.maxHeadBytes) {
    return error(431, `header block over ${limits.maxHeadBytes / 1024} KiB`, requestLine.method, requestLine.target);
  }
  return parseFieldLines(text, lineEnd + 2, requestLine, start, end);
}

/**
 * RFC 9112 §2.2: a server SHOULD ignore at least one empty line (CRLF) received before the request-line. We ignore
 * up to `limit` bytes of them and stop looking after `limit + 2`, so the caller can refuse more at once and each call
 * scans a bounded span however long the stream of CRLFs (the connection re-parses from the start as bytes arrive).
 * Whole kilobytes are compared natively (memcmp); only the tail goes byte by byte.
 */
function skipEmptyLines(buffer: Buffer, offset: number, limit: number): number {
  const stop = Math.min(buffer.length, offset + limit + 2);
  let position = offset;
  while (position + CRLF_RUN.length <= stop
    && buffer.compare(CRLF_RUN, 0, CRLF_RUN.length, position, position + CRLF_RUN.length) === 0) {
    position += CRLF_RUN.length;
  }
  while (position + 1 < stop && buffer[position] === CR && buffer[position + 1] === LF) {
    position += 2;
  }
  return position;
}

/** Early rejection for a head that has not ended yet (its request line starts at `start`). */
function checkIncompleteHead(buffer: Buffer, offset: number, start: number, limits: ParserLimits): ParseResult {
  // A bare LF anywhere in the head is malformed for us (RFC 9112 §2.2 lets a server reject it; accepting it
  // would let two parsers disagree on where a header line ends).
  for (let i = buffer.indexOf(LF, start); i !== -1; i = buffer.indexOf(LF, i + 1)) {
    if (i === start || buffer[i - 1] !== CR) {
      return error(400, 'bare LF in request head');
    }
  }
  // The method must be a token: reject binary garbage (a TLS handshake on the plain port, say) at once.
  let i = start;
  const methodLimit = Math.min(buffer.length, start + MAX_METHOD_LENGTH + 1);
  while (i < methodLimit && TCHAR[buffer[i]] === 1) {
    i++;
  }
  if (i < methodLimit && buffer[i] !== SP) {
    return error(400, buffer[start] === 0x16 ? 'TLS handshake on a plain HTTP port' : 'malformed request line');
  }
  if (i === methodLimit && i - start > MAX_METHOD_LENGTH) {
    return error(400, 'method too long');
  }
  const firstLineEnd = buffer.indexOf(CR, start);
  if (firstLineEnd === -1 && buffer.length - start > limits.maxTargetBytes + MAX_METHOD_LENGTH + 12) {
    return error(414, `request target over ${limits.maxTargetBytes / 1024} KiB`);
  }
  if (buffer.length - offset > limits.maxHeadBytes) {
    return error(431, `header block over ${limits.maxHeadBytes / 1024} KiB`);
  }
  return { kind: 'incomplete' };
}

interface RequestLine {
  method: string;
  target: string;
  minorVersion: number;
}

/** RFC 9112 §3: request-line = method SP request-target SP HTTP-version, single spaces, nothing else. */
function parseRequestLine(text: string, lineEnd: number, limits: ParserLimits): RequestLine | ParseResult {
  let i = 0;
  while (i < lineEnd && TCHAR[text.charCodeAt(i)] === 1) {
    i++;
  }
  if (i === 0 || i >= lineEnd || text.charCodeAt(i) !== SP) {
    return error(400, 'malformed request line');
  }
  const method = text.slice(0, i);
  const targetStart = i + 1;
  let j = targetStart;
  while (j < lineEnd && TARGET_CHAR[text.charCodeAt(j)] === 1) {
    j++;
  }
  const target = text.slice(targetStart, j);
  if (j - targetStart > limits.maxTargetBytes) {
    return error(414, `request target over ${limits.maxTargetBytes / 1024} KiB`, method);
  }
  if (j === targetStart || j >= lineEnd || text.charCodeAt(j) !== SP) {
    return error(400, 'malformed request target', method);
  }
  const version = text.slice(j + 1, lineEnd);
  if (version.length !== 8 || !version.startsWith('HTTP/') || version.charCodeAt(6) !== 46 /* . */
    || !isDigit(version.charCodeAt(5)) || !isDigit(version.charCodeAt(7))) {
    return error(400, 'malformed HTTP version', method, target);
  }
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') {
    return error(505, `${version} is not supported (only HTTP/1.0 and HTTP/1.1)`, method, target);
  }
  return { method, target, minorVersion: version.charCodeAt(7) - 48 };
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** RFC 9112 §5: field-line = field-name ":" OWS field-value OWS. No space before the colon, no obs-fold. */
function parseFieldLines(text: string, from: number, line: RequestLine, start: number, end: number): ParseResult {
  const head: RequestHead = {
    method: line.method, target: line.target, minorVersion: line.minorVersion, host: undefined,
    contentLength: undefined, chunked: false, connectionClose: false, connectionKeepAlive: false,
    ifNoneMatch: undefined, ifModifiedSince: undefined, range: undefined, ifRange: undefined, expectContinue: false,
    fields: [],
  };
  const fail = (status: number, reason: string): ParseResult => error(status, reason, line.method, line.target);
  let transferEncoding: string | undefined;
  let hostCount = 0;
  const stop = text.length - 2; // the final empty line
  let position = from;
  while (position < stop) {
    const lineEnd = text.indexOf('\r\n', position);
    const first = text.charCodeAt(position);
    if (first === SP || first === HTAB) {
      return fail(400, 'obsolete line folding in a header');
    }
    let colon = position;
    while (colon < lineEnd && TCHAR[text.charCodeAt(colon)] === 1) {
      colon++;
    }
    if (colon === position || colon >= lineEnd || text.charCodeAt(colon) !== 58 /* : */) {
      return fail(400, 'malformed header field (bad name or whitespace before the colon)');
    }
    let valueStart = colon + 1;
    let valueEnd = lineEnd;
    while (valueStart < valueEnd && isOws(text.charCodeAt(valueStart))) {
      valueStart++;
    }
    while (valueEnd > valueStart && isOws(text.charCodeAt(valueEnd - 1))) {
      valueEnd--;
    }
    for (let k = valueStart; k < valueEnd; k++) {
      if (FIELD_VALUE_CHAR[text.charCodeAt(k)] !== 1) {
        return fail(400, 'control character in a header value');
      }
    }
    const name = text.slice(position, colon).toLowerCase();
    const value = text.slice(valueStart, valueEnd);
    position = lineEnd + 2;
    head.fields.push([name, value]);
    switch (name) {
      case 'host':
        hostCount++;
        head.host = value;
        break;
      case 'content-length':
        // RFC 9112 §6.3: an invalid or repeated Content-Length makes the framing unreliable → 400 and close.
        if (head.contentLength !== undefined) {
          return fail(400, 'more than one Content-Length');
        }
        if (!/^\d{1,15}$/.test(value)) {
          return fail(400, 'invalid Content-Length');
        }
        head.contentLength = Number(value);
        break;
      case 'transfer-encoding':
        transferEncoding = transferEncoding === undefined ? value : `${transferEncoding}, ${value}`;
        break;
      case 'connection':
        readConnectionOptions(value, head);
        break;
      case 'if-none-match':
        head.ifNoneMatch = head.ifNoneMatch === undefined ? value : `${head.ifNoneMatch}, ${value}`;
        break;
      case 'if-modified-since':
        head.ifModifiedSince ??= value;
        break;
      case 'range':
        head.range ??= value;
        break;
      case 'if-range':
        head.ifRange ??= value;
        break;
      case 'expect':
        head.expectContinue = value.toLowerCase() === '100-continue';
        break;
    }
  }
  const framing = checkFraming(head, transferEncoding);
  if (framing) {
    return fail(framing.status, framing.reason);
  }
  // RFC 9112 §3.2: a server MUST respond 400 to an HTTP/1.1 request without Host, or with more than one.
  if (hostCount > 1) {
    return fail(400, 'more than one Host header');
  }
  if (head.minorVersion === 1 && head.host === undefined) {
    return fail(400, 'HTTP/1.1 request without Host');
  }
  return { kind: 'request', head, start, end };
}

function isOws(code: number): boolean {
  return code === SP || code === HTAB;
}

function readConnectionOptions(value: string, head: RequestHead): void {
  for (const option of value.split(',')) {
    const token = option.trim().toLowerCase();
    if (token === 'close') {
      head.connectionClose = true;
    } else if (token === 'keep-alive') {
      head.connectionKeepAlive = true;
    }
  }
}

/**
 * Request smuggling defence (RFC 9112 §6.1, §6.3): Transfer-Encoding with Content-Length, a coding list that does
 * not end in chunked, or Transfer-Encoding in HTTP/1.0 all make the body length unreliable → 400 (and close).
 */
function checkFraming(head: RequestHead, transferEncoding: string | undefined): { status: number; reason: string } | undefined {
  if (transferEncoding === undefined) {
    return undefined;
  }
  if (head.contentLength !== undefined) {
    return { status: 400, reason: 'both Content-Length and Transfer-Encoding' };
  }
  if (head.minorVersion === 0) {
    return { status: 400, reason: 'Transfer-Encoding in an HTTP/1.0 request' };
  }
  const codings = transferEncoding.split(',').map((coding) => coding.trim().toLowerCase());
  if (codings[codings.length - 1] !== 'chunked' || codings.indexOf('chunked') !== codings.length - 1) {
    return { status: 400, reason: 'Transfer-Encoding does not end in a single chunked' };
  }
  if (codings.length > 1) {
    // RFC 9112 §6.1: a transfer coding the server does not understand SHOULD get 501.
    return { status: 501, reason: `unsupported transfer coding "${codings[0]}"` };
  }
  head.chunked = true;
  return undefined;
}
