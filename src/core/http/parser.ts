// Incremental, strict HTTP/1.x request-head parser over raw bytes (RFC 9112 §2–§6). Pure: it never touches a
// socket, so the same bytes split across any number of packets give the same answer. It finds the end of the head
// with one indexOf on the buffer and validates every byte of the request line and the field lines.
// Its parts: requestLine.ts (before and in the request line), fieldLines.ts (field lines and the framing checks),
// requestHead.ts (the RequestHead and ParseResult it produces).

import { parseFieldLines } from './fieldLines';
import { parseError as error, type ParseResult, type ParserLimits } from './requestHead';
import { checkIncompleteHead, parseRequestLine, skipEmptyLines } from './requestLine';

const CR = 13;
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

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
