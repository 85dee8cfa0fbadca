// Builds response heads as strings (latin1 on the wire). Status lines are built once per code; per-file header
// lines are built once per file version by the file store, so a cached response costs two concatenations.

import { currentHttpDate } from './httpDate';
import { reasonPhrase } from './statusCodes';

const statusLines = new Map<number, string>();

/** RFC 9112 §4: we always answer "HTTP/1.1", our highest version, whatever 1.x the client spoke (RFC 9110 §6.2). */
export function statusLine(status: number): string {
  let line = statusLines.get(status);
  if (line === undefined) {
    line = `HTTP/1.1 ${status} ${reasonPhrase(status)}\r\n`;
    statusLines.set(status, line);
  }
  return line;
}

/** How the Connection header must read for this exchange (RFC 9112 §9.3–§9.6). */
export const enum ConnectionMode {
  /** HTTP/1.1 persistent: no header needed. */
  Persistent,
  /** HTTP/1.0 that asked for keep-alive: must be confirmed. */
  KeepAlive10,
  Close,
  /** A 101 handover: the reply carries its own "Connection: Upgrade" (RFC 9110 §7.8). */
  Upgrade,
}

const CONNECTION_LINES = ['', 'Connection: keep-alive\r\n', 'Connection: close\r\n', ''];

/**
 * A complete head: status line, Date, the server-wide policy lines (CORS, CORP: the same on every answer), the
 * reply's field lines (each ending in CRLF), Connection, empty line. The one place where a head is assembled.
 */
export function buildHead(status: number, fieldLines: string, mode: ConnectionMode, policyLines = '', date = currentHttpDate()): string {
  return `${statusLine(status)}Date: ${date}\r\n${policyLines}${fieldLines}${CONNECTION_LINES[mode]}\r\n`;
}
