// One exchange as a document to read: the request line and the answer, the why, the raw request head exactly as
// received (escaped and redacted as in the log), the body (text, or a hex dump when it is binary), every response
// head as sent, and the facts (client, connection and request number, timings, bytes). Section rules start with
// "──" (U+2500), which escaped client bytes can never produce (they are ASCII), so a request cannot forge a section;
// the VS Code layer colours the text by those marks (syntaxes/raw-http-exchange.tmLanguage.json). Pure.

import type { ExchangeRecord } from '../events';
import { reasonPhrase } from '../http/statusCodes';
import { escapeLogText, escapeRawBytes } from '../log/escape';
import { formatClock } from '../log/logFormat';
import { printableHead } from '../log/redact';
import { hexDump } from './hexDump';
import { isUtf8Text, recordedRequest } from './recordedRequest';

export interface ExchangeDocumentOptions {
  /** Show Cookie/Authorization values as sent (default: redacted, as in the log). */
  showSecrets?: boolean;
  /** Set on a replay's document: the label of the exchange it repeats ("c3#2"). */
  replayOf?: string;
  /** Body bytes shown at most (a kept capture body can be megabytes). Default 64 KiB. */
  maxBodyBytes?: number;
}

const DEFAULT_SHOWN_BODY_BYTES = 64 * 1024;

/** Appends without spreading: a spread of a long array overflows the call stack. */
function append(lines: string[], more: readonly string[]): void {
  for (const line of more) {
    lines.push(line);
  }
}

/**
 * A body line as text: escaped like the log, and a leading "─" escaped too, so a body cannot draw a section rule
 * (UTF-8 text keeps other non-ASCII characters, which is why the head's ASCII argument does not cover bodies).
 */
function bodyLine(line: string): string {
  const text = escapeLogText(line.endsWith('\r') ? line.slice(0, -1) : line);
  return text.startsWith('─') ? `\\u{2500}${text.slice(1)}` : text;
}

/**
 * Heads are shown one line per CRLF-ended line; a bare CR or LF stays visible as \r or \n (escapeRawBytes). The
 * empty line that ends a head is left out (the section's byte count includes it).
 */
function headLines(text: string): string[] {
  const lines = text.split('\r\n');
  for (let ends = 0; ends < 2 && lines.length > 0 && lines[lines.length - 1] === ''; ends++) {
    lines.pop();
  }
  return lines;
}

function rule(title: string): string {
  return `── ${title} ──`;
}

function bytes(count: number): string {
  return `${count.toLocaleString('en-US')} byte${count === 1 ? '' : 's'}`;
}

function formatMs(ms: number): string {
  return ms < 10 ? `${ms.toFixed(2)} ms` : ms < 1000 ? `${ms.toFixed(1)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** "GET /index.html" (escaped), or what was read of a request line that did not parse. */
function requestLabel(record: ExchangeRecord): string {
  if (record.method !== undefined || record.target !== undefined) {
    return `${escapeLogText(record.method ?? '?')} ${escapeLogText(record.target ?? '?')}`;
  }
  const firstLine = record.rawHead.subarray(0, Math.min(record.rawHead.length, 200)).toString('latin1').split(/\r?\n/, 1)[0];
  return firstLine ? escapeRawBytes(Buffer.from(firstLine, 'latin1')) : '(no request line)';
}

function answer(record: ExchangeRecord): string {
  if (record.status === 0) {
    return record.aborted ? 'no answer (the client left first)' : 'in progress';
  }
  return `${record.status} ${reasonPhrase(record.status)}`;
}

/** The why as a sentence: "If-None-Match W/"2d1-18f4e" matched → 304"; notes follow on their own line. */
export function explainExchange(record: ExchangeRecord): string {
  const status = record.status === 0 ? '—' : String(record.status);
  if (record.reason) {
    const instead = record.servedInstead ? ` (served ${escapeLogText(record.servedInstead)} instead)` : '';
    return `${escapeLogText(record.reason)}${instead} → ${status}`;
  }
  if (record.status === 0) {
    return record.aborted ? 'the connection closed before an answer' : 'waiting for the answer to finish';
  }
  return `no rule intervened: the request was answered as asked → ${status}`;
}

function bodySection(record: ExchangeRecord, maxShown: number): string[] {
  if (record.bodyBytes === 0) {
    return [];
  }
  const request = recordedRequest(record);
  // A kept body (capture mode) is the content; the preview is of the wire bytes, chunk framing included.
  const kept = record.body ?? record.bodyPreview;
  const framing = record.body === undefined && request.chunked ? ', wire bytes with chunked framing' : '';
  const missing = record.body === undefined ? record.bodyBytes - record.bodyPreview.length : 0;
  const keptNote = missing > 0 ? `, first ${bytes(kept.length)} kept` : '';
  const shown = kept.subarray(0, maxShown);
  // A UTF-8 sequence cut by the display limit is still text: judge by what is kept.
  const text = isUtf8Text(kept.length > maxShown ? kept.subarray(0, Math.max(0, maxShown - 3)) : kept) && !shown.includes(0);
  const lines = text ? shown.toString('utf8').split('\n').map(bodyLine) : hexDump(shown);
  if (text && lines[lines.length - 1] === '') {
    lines.pop();
  }
  const title = `Request body · ${bytes(record.bodyBytes)}${framing}${keptNote}${text ? '' : ' · hex'}`;
  const result = ['', rule(title)];
  append(result, lines);
  if (kept.length > shown.length) {
    result.push(`… ${bytes(kept.length - shown.length)} more kept, not shown here (Copy Raw Request has them)`);
  }
  if (missing > 0) {
    result.push(`… ${bytes(missing)} more not kept`);
  }
  return result;
}

function responseSections(record: ExchangeRecord): string[] {
  const lines: string[] = [];
  for (const interim of record.interimHeads ?? []) {
    lines.push('', rule(`Interim response · as sent · ${bytes(interim.length)}`), ...headLines(escapeRawBytes(interim)));
  }
  if (record.responseHead && record.responseHead.length > 0) {
    const interim = (record.interimHeads ?? []).reduce((sum, head) => sum + head.length, 0);
    const bodySent = Math.max(0, record.bytesSent - interim - record.responseHead.length);
    lines.push('', rule(`Response head · as sent · ${bytes(record.responseHead.length)}, then ${bytes(bodySent)} of body`),
      ...headLines(escapeRawBytes(record.responseHead)));
  } else {
    lines.push('', rule('Response head'), record.status === 0 ? '(nothing sent yet)' : '(not recorded)');
  }
  return lines;
}

function facts(record: ExchangeRecord): string[] {
  const day = new Date(record.startedAt);
  const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
  const head = record.rawHead.length + record.rawHeadOmitted;
  const outcome = record.aborted
    ? 'incomplete: the response did not finish (the client left, the file shrank or a write stalled)'
    : record.status === 0 ? 'in progress (this document updates when the exchange finishes)' : 'complete';
  return ['', rule('Exchange'),
    `Client       ${record.client}`,
    `Connection   c${record.connectionId}, request ${record.requestIndex} on it`,
    `Started      ${formatClock(record.startedAt)} (${date}, local time)`,
    `Duration     ${formatMs(record.durationMs)}`,
    `Received     ${bytes(head)} of head + ${bytes(record.bodyBytes)} of body`,
    `Sent         ${bytes(record.bytesSent)}`,
    `Outcome      ${outcome}`];
}

export function toExchangeDocument(record: ExchangeRecord, options: ExchangeDocumentOptions = {}): string {
  const label = `c${record.connectionId}#${record.requestIndex}`;
  const lines = [`${requestLabel(record)}  → ${answer(record)}`, `Why: ${explainExchange(record)}`];
  const notes = (record.notes ?? []).filter((note) => note !== '').map(escapeLogText);
  if (notes.length > 0) {
    lines.push(`Notes: ${notes.join('; ')}`);
  }
  if (options.replayOf) {
    lines.push(`Replay of ${options.replayOf}: the same bytes sent again (this is ${label})`);
  }
  const omitted = record.rawHeadOmitted > 0 ? [`… ${bytes(record.rawHeadOmitted)} more of the head not kept`] : [];
  lines.push('', rule(`Request head · as received · ${bytes(record.rawHead.length + record.rawHeadOmitted)}`));
  append(lines, headLines(printableHead(record.rawHead, options.showSecrets === true)));
  append(lines, omitted);
  append(lines, bodySection(record, options.maxBodyBytes ?? DEFAULT_SHOWN_BODY_BYTES));
  append(lines, responseSections(record));
  append(lines, facts(record));
  return `${lines.join('\n')}\n`;
}
