// The request line (RFC 9112 §2.2, §3): the empty lines a server skips before it, the early rejection of a head
// that has not ended yet (garbage, a bare LF, an over-long method, target or head), and the strict grammar of
// method SP request-target SP HTTP-version. Split from parser.ts, which finds the head and calls these in turn.

import { TCHAR, TARGET_CHAR } from './charClasses';
import { parseError as error, type ParseResult, type ParserLimits } from './requestHead';

const CR = 13;
const LF = 10;
const SP = 32;
/** 1 KiB of empty lines, to skip leading ones a kilobyte per comparison. */
const CRLF_RUN = Buffer.from('\r\n'.repeat(512), 'latin1');
/** Longest method we accept; "OPTIONS" is 7, extension methods rarely exceed this. Bounds the early 414 check. */
const MAX_METHOD_LENGTH = 32;

/**
 * RFC 9112 §2.2: a server SHOULD ignore at least one empty line (CRLF) received before the request-line. We ignore
 * up to `limit` bytes of them and stop looking after `limit + 2`, so the caller can refuse more at once and each call
 * scans a bounded span however long the stream of CRLFs (the connection re-parses from the start as bytes arrive).
 * Whole kilobytes are compared natively (memcmp); only the tail goes byte by byte.
 */
export function skipEmptyLines(buffer: Buffer, offset: number, limit: number): number {
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
export function checkIncompleteHead(buffer: Buffer, offset: number, start: number, limits: ParserLimits): ParseResult {
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

export interface RequestLine {
  method: string;
  target: string;
  minorVersion: number;
}

/** RFC 9112 §3: request-line = method SP request-target SP HTTP-version, single spaces, nothing else. */
export function parseRequestLine(text: string, lineEnd: number, limits: ParserLimits): RequestLine | ParseResult {
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
