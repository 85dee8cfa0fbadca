// The field lines of a request head (RFC 9112 §5) and the checks that make its body framing unambiguous (§6.1,
// §6.3: Content-Length and Transfer-Encoding) and its Host unique (§3.2). Split from parser.ts, which hands over
// the head's text after a valid request line; the answer is the finished RequestHead or the error to send.

import { TCHAR, FIELD_VALUE_CHAR } from './charClasses';
import { parseError as error, type ParseResult, type RequestHead } from './requestHead';
import type { RequestLine } from './requestLine';

const SP = 32;
const HTAB = 9;

/** RFC 9112 §5: field-line = field-name ":" OWS field-value OWS. No space before the colon, no obs-fold. */
export function parseFieldLines(text: string, from: number, line: RequestLine, start: number, end: number): ParseResult {
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
