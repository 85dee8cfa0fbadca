// Formats a RequestLogEntry for people: one summary line, then the raw request head exactly as received (its CRLF
// line ends kept, the way print(request) shows it), then a bounded body preview. Control and non-ASCII bytes are
// escaped (\r, \n, \t is kept, \xNN), so a request can never forge a log line: only summary lines contain "→".

import type { RequestLogEntry } from '../events';

const CR = 13;
const LF = 10;
const HEX = '0123456789ABCDEF';

/** True for the byte at `i` if it is shown as it is: printable ASCII, TAB, or either half of a CRLF pair. */
function isShownAsIs(bytes: Buffer, i: number): boolean {
  const byte = bytes[i];
  return (byte >= 0x20 && byte < 0x7f) || byte === 9 || (byte === CR && bytes[i + 1] === LF) || (byte === LF && bytes[i - 1] === CR);
}

/** Raw bytes as text: CRLF pairs kept as line ends, every other control or non-ASCII byte made visible. */
export function escapeRawBytes(bytes: Buffer): string {
  let clean = true;
  for (let i = 0; i < bytes.length && clean; i++) {
    clean = isShownAsIs(bytes, i);
  }
  if (clean) {
    return bytes.toString('latin1');
  }
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    if (isShownAsIs(bytes, i)) {
      text += String.fromCharCode(byte);
    } else if (byte === CR) {
      text += '\\r';
    } else if (byte === LF) {
      text += '\\n';
    } else if (byte === 0) {
      text += '\\0';
    } else {
      text += `\\x${HEX[byte >> 4]}${HEX[byte & 15]}`;
    }
  }
  return text;
}

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

let clockSecond = -1;
let clockPrefix = '';

/** Local wall-clock time with milliseconds: "14:03:07.123". The "HH:MM:SS." part is built once per second. */
export function formatClock(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== clockSecond) {
    const date = new Date(epochMs);
    clockSecond = second;
    clockPrefix = `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}.`;
  }
  return clockPrefix + pad(epochMs - second * 1000, 3);
}

function formatDuration(ms: number): string {
  return ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms).toString();
}

/**
 * "14:03:07.123  127.0.0.1:51234  c3#2  → 304  215 B  0.41 ms  If-None-Match matched → 304": the order the CLI
 * promises (time, client, → status, bytes, ms), with the connection and request number and the reason added.
 */
export function formatSummaryLine(entry: RequestLogEntry): string {
  const status = entry.status === 0 ? '—' : String(entry.status);
  const reason = entry.reason ? `  ${entry.reason}` : '';
  const aborted = entry.aborted ? '  (incomplete)' : '';
  return `${formatClock(entry.startedAt)}  ${entry.client}  c${entry.connectionId}#${entry.requestIndex}  → ${status}  `
    + `${entry.bytesSent} B  ${formatDuration(entry.durationMs)} ms${reason}${aborted}`;
}

export interface LogFormatOptions {
  /** Body bytes shown at most (the entry may hold more). Default: all that the entry holds. */
  maxBodyBytes?: number;
}

/** The whole entry: summary line, raw head, body preview; always ends with a newline. */
export function formatLogEntry(entry: RequestLogEntry, options: LogFormatOptions = {}): string {
  let text = `${formatSummaryLine(entry)}\n${escapeRawBytes(entry.rawHead)}`;
  const headEnded = entry.rawHead.length >= 4 && entry.rawHead.readUInt32BE(entry.rawHead.length - 4) === 0x0d0a0d0a;
  if (!headEnded) {
    text += entry.rawHead.length > 0 ? '\n' : '(no bytes)\n';
  }
  if (entry.rawHeadOmitted > 0) {
    text += `… ${entry.rawHeadOmitted} more bytes of the head not shown\n`;
  }
  if (entry.bodyBytes > 0) {
    const limit = Math.min(entry.bodyPreview.length, options.maxBodyBytes ?? entry.bodyPreview.length);
    const shown = entry.bodyPreview.subarray(0, limit);
    text += escapeRawBytes(shown);
    if (entry.bodyBytes > shown.length) {
      text += `${shown.length > 0 ? '\n' : ''}… ${entry.bodyBytes - shown.length} more body bytes not shown`;
    }
    text += '\n';
  }
  return text;
}
