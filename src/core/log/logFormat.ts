// Formats an ExchangeRecord for people, once, where the text is written. "full": one summary line, then the raw
// request head exactly as received (its CRLF line ends kept, the way print(request) shows it), then a bounded body
// preview; "summary": the summary line alone. Optionally the response head(s) as sent, each line marked "← ".
// Everything that came from the client is escaped (see escape.ts), so only our own summary lines contain "→" and
// only our own response lines start with "←"; secret header values are redacted unless asked for (redact.ts).

import type { ExchangeRecord } from '../events';
import { escapeLogText, escapeRawBytes } from './escape';
import { isShownAsIs, printableHead } from './redact';

export { escapeLogText, escapeRawBytes } from './escape';

export type LogFormat = 'full' | 'summary';
export const LOG_FORMATS: readonly LogFormat[] = ['full', 'summary'];
export const DEFAULT_LOG_FORMAT: LogFormat = 'full';

export interface LogFormatOptions {
  /** Body bytes shown at most (the entry may hold more). Default: all that the entry holds. */
  maxBodyBytes?: number;
  /** Show the values of Cookie, Authorization and Proxy-Authorization instead of "‹redacted, N bytes›". Default false. */
  showSecrets?: boolean;
  /** "full" (DEFAULT_LOG_FORMAT): summary line + raw head + body preview; "summary": one line per request. */
  format?: LogFormat;
  /** Also print the response head as sent (and any interim 100 Continue), every line prefixed "← ". Default false. */
  responseHeads?: boolean;
}

/** Bytes of an unparsable request line shown on the summary line. */
const MAX_SHOWN_REQUEST_LINE = 120;
const RESPONSE_MARK = '←';

function pad(value: number, width: number): string {
  return String(value).padStart(width, '0');
}

let clockSecond = -1;
let clockSecondText = '';

/** "14:03:07." of a local wall-clock time: built once per second. */
export function clockPrefix(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second !== clockSecond) {
    const date = new Date(epochMs);
    clockSecond = second;
    clockSecondText = `${pad(date.getHours(), 2)}:${pad(date.getMinutes(), 2)}:${pad(date.getSeconds(), 2)}.`;
  }
  return clockSecondText;
}

/** Local wall-clock time with milliseconds: "14:03:07.123". */
export function formatClock(epochMs: number): string {
  return clockPrefix(epochMs) + pad(epochMs - Math.floor(epochMs / 1000) * 1000, 3);
}

/** "0.41", "12.3", "250": two significant decimals below 10 ms, one below 100 ms, none above. */
export function formatDuration(ms: number): string {
  return ms < 10 ? toFixed(ms, 100) : ms < 100 ? toFixed(ms, 10) : Math.round(ms).toString();
}

/**
 * ms.toFixed(2) (scale 100) or ms.toFixed(1) (scale 10), exactly, at half its cost (one per log line). toFixed picks
 * the nearest n/scale to the exact value of ms; so does rounding ms * scale, whose error (< 1e-13 below 100) only
 * matters next to a tie, which is left to toFixed itself.
 */
function toFixed(ms: number, scale: 10 | 100): string {
  const scaled = ms * scale;
  if (!(ms >= 0) || Math.abs(scaled - Math.floor(scaled) - 0.5) < 1e-6) {
    return ms.toFixed(scale === 100 ? 2 : 1);
  }
  const n = Math.round(scaled);
  const whole = Math.floor(n / scale);
  const fraction = n - whole * scale;
  return scale === 100 && fraction < 10 ? `${whole}.0${fraction}` : `${whole}.${fraction}`;
}

/** "GET /about.html"; for a head without a parsable request line, what was read of its first line, or "?". */
function requestLabel(entry: ExchangeRecord): string {
  if (entry.method !== undefined || entry.target !== undefined) {
    return `${escapeLogText(entry.method ?? '?')} ${escapeLogText(entry.target ?? '?')}`;
  }
  const head = entry.rawHead;
  let end = 0;
  while (end < head.length && end < MAX_SHOWN_REQUEST_LINE && head[end] !== 13 && head[end] !== 10) {
    end++;
  }
  if (end === 0) {
    return '?';
  }
  const cut = end === MAX_SHOWN_REQUEST_LINE && end < head.length && head[end] !== 13 && head[end] !== 10;
  return escapeRawBytes(head.subarray(0, end)) + (cut ? '…' : '');
}

/** The reason and notes as one escaped phrase: "If-None-Match matched; fragment ignored". */
function explanation(entry: ExchangeRecord): string {
  if (!entry.reason && entry.notes === undefined) {
    return ''; // the usual 200: no array to build
  }
  const parts: string[] = [];
  if (entry.reason) {
    // The arrow before a fallback's path is ours; the path (from the settings) is escaped like any text.
    parts.push(escapeLogText(entry.reason) + (entry.servedInstead ? ` → ${escapeLogText(entry.servedInstead)}` : ''));
  }
  for (const note of entry.notes ?? []) {
    if (note) {
      parts.push(escapeLogText(note));
    }
  }
  return parts.join('; ');
}

/**
 * "18:34:17.891  127.0.0.1:47070  c1#1  GET /about.html  → 304  215 B  0.41 ms  If-None-Match matched": time,
 * client, connection#request, request, → status ("—" when none), bytes sent, duration, reason; notes; "(incomplete)".
 */
export function formatSummaryLine(entry: ExchangeRecord): string {
  const status = entry.status === 0 ? '—' : String(entry.status);
  return `${formatClock(entry.startedAt)}  ${entry.client}  c${entry.connectionId}#${entry.requestIndex}  ${requestLabel(entry)}`
    + `  → ${status}  ${entry.bytesSent} B  ${formatDuration(entry.durationMs)} ms${summaryTail(entry)}`;
}

/** What follows the duration on the summary line: "  reason; notes", "  (incomplete)", or usually nothing. */
export function summaryTail(entry: ExchangeRecord): string {
  const why = explanation(entry);
  return `${why ? `  ${why}` : ''}${entry.aborted ? '  (incomplete)' : ''}`;
}

/** One response head as sent, every line prefixed "← " (the empty line that ends it: "←"), CRLF ends kept. */
function formatResponseHead(head: Buffer): string {
  const lines = escapeRawBytes(head).split('\r\n');
  const ended = lines.length > 1 && lines[lines.length - 1] === '';
  if (ended) {
    lines.pop();
  }
  let text = '';
  for (let i = 0; i < lines.length; i++) {
    const last = i === lines.length - 1;
    text += `${lines[i] === '' ? RESPONSE_MARK : `${RESPONSE_MARK} ${lines[i]}`}${last && !ended ? '\n' : '\r\n'}`;
  }
  return text;
}

function formatResponseHeads(entry: ExchangeRecord): string {
  let text = '';
  for (const head of entry.interimHeads ?? []) {
    text += formatResponseHead(head);
  }
  if (entry.responseHead && entry.responseHead.length > 0) {
    text += formatResponseHead(entry.responseHead);
  }
  return text;
}

/**
 * Where a formatted entry goes, piece by piece: `text` for our text and escaped client text, `shownAsIs` for raw
 * head bytes that print exactly as they are (printable ASCII, TAB and CRLF only, no secret values in them), so a
 * byte-oriented writer (the CLI's stdout) copies them instead of decoding and re-encoding them.
 */
export interface LogSink {
  text(piece: string): void;
  shownAsIs(bytes: Buffer): void;
  /** Writes formatSummaryLine(entry) and its newline itself (as bytes: summaryBytes.ts), or returns false. */
  summaryLine?(entry: ExchangeRecord): boolean;
}

function writeRequest(entry: ExchangeRecord, options: LogFormatOptions, sink: LogSink): void {
  const showSecrets = options.showSecrets === true;
  if (isShownAsIs(entry.rawHead, showSecrets)) {
    sink.shownAsIs(entry.rawHead);
  } else {
    sink.text(printableHead(entry.rawHead, showSecrets));
  }
  let text = '';
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
  if (text !== '') {
    sink.text(text);
  }
}

/** The whole entry as the options ask, in pieces (see LogSink); it always ends with a newline. */
export function writeLogEntry(entry: ExchangeRecord, options: LogFormatOptions, sink: LogSink): void {
  if (sink.summaryLine?.(entry) !== true) {
    sink.text(`${formatSummaryLine(entry)}\n`);
  }
  if ((options.format ?? DEFAULT_LOG_FORMAT) === 'full') {
    writeRequest(entry, options, sink);
  }
  if (options.responseHeads) {
    sink.text(formatResponseHeads(entry));
  }
}

/** The whole entry as one string; always ends with a newline. */
export function formatLogEntry(entry: ExchangeRecord, options: LogFormatOptions = {}): string {
  let text = '';
  writeLogEntry(entry, options, {
    text: (piece) => { text += piece; },
    shownAsIs: (bytes) => { text += bytes.toString('latin1'); },
  });
  return text;
}
