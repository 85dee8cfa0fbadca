// The summary line of formatSummaryLine written straight into a byte buffer, for writers that deal in bytes (the
// CLI's stdout). Logging every request is the product's main job and must be nearly free: building the line as a
// string, escaping it with a regular expression and encoding it to UTF-8 cost ~0.5 µs a request, a third of what
// the log costs in all. Here the usual entry is one pass of byte stores: the client-derived parts (method, target)
// are checked and copied in the same loop, numbers are written as digits. Anything unusual (a target that needs
// escaping, no request line, a long target) is left to the string path, so both always print the same bytes
// (summaryBytes.test.ts holds them to it).

import type { ExchangeRecord } from '../events';
import { clockPrefix, formatDuration, summaryTail } from './logFormat';

/** Room a caller must leave after `at`: the longest line this writes (a longer reason takes the string path). */
export const SUMMARY_BYTES_ROOM = 1024;
/**
 * More than the fixed part's worst case (~513 bytes: a 12-byte clock, a 64-byte client, two 16-digit counters, a
 * label of MAX_FAST_LABEL, a 25-character duration, the arrow and units), so the tail's check keeps the line in room.
 */
const MAX_FIXED_BYTES = 600;
/** Longer method + target (characters) take the string path. */
const MAX_FAST_LABEL = 320;

const SP = 32;
const ARROW = [0xe2, 0x86, 0x92]; // "→" in UTF-8

/** Copies an ASCII string the log shows as it is; -1 if a character is not printable ASCII. */
function copyPrintable(text: string, buffer: Buffer, at: number): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    // Printable ASCII holds none of the characters escapeLogText escapes (controls, DEL, C1, our marks, bidi).
    if (code < 0x20 || code > 0x7e) {
      return -1;
    }
    buffer[at++] = code;
  }
  return at;
}

/** Copies text of our own that is ASCII (times, addresses, numbers formatted by us). */
function copyAscii(text: string, buffer: Buffer, at: number): number {
  for (let i = 0; i < text.length; i++) {
    buffer[at++] = text.charCodeAt(i);
  }
  return at;
}

function writeUint(value: number, buffer: Buffer, at: number): number {
  let digits = 1;
  for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) {
    digits++;
  }
  let rest = value;
  for (let i = at + digits - 1; i >= at; i--) {
    buffer[i] = 48 + (rest % 10);
    rest = Math.floor(rest / 10);
  }
  return at + digits;
}

/** The numbers are written as digits: only non-negative integers are (formatSummaryLine prints any number). */
function integers(entry: ExchangeRecord): boolean {
  return Number.isSafeInteger(entry.startedAt) && entry.startedAt >= 0 && Number.isSafeInteger(entry.connectionId)
    && entry.connectionId >= 0 && Number.isSafeInteger(entry.requestIndex) && entry.requestIndex >= 0
    && Number.isSafeInteger(entry.status) && entry.status > 0 && Number.isSafeInteger(entry.bytesSent) && entry.bytesSent >= 0;
}

function twoSpaces(buffer: Buffer, at: number): number {
  buffer[at] = SP;
  buffer[at + 1] = SP;
  return at + 2;
}

/**
 * Writes formatSummaryLine(entry) and its newline at `at` (at least SUMMARY_BYTES_ROOM bytes must be free there)
 * and returns where it ends; returns -1, having written nothing that counts, when the entry needs the string path.
 */
export function writeSummaryBytes(entry: ExchangeRecord, buffer: Buffer, at: number): number {
  const { method, target } = entry;
  if (method === undefined || target === undefined || method.length + target.length > MAX_FAST_LABEL
    || entry.client.length > 64 || !integers(entry)) { // integers() also turns away status 0 ("—")
    return -1;
  }
  const tail = summaryTail(entry); // a reason or notes: escaped text, usually empty
  if (MAX_FIXED_BYTES + tail.length * 3 > SUMMARY_BYTES_ROOM) {
    return -1;
  }
  let end = copyAscii(clockPrefix(entry.startedAt), buffer, at);
  const millis = entry.startedAt % 1000;
  buffer[end++] = 48 + Math.floor(millis / 100);
  buffer[end++] = 48 + (Math.floor(millis / 10) % 10);
  buffer[end++] = 48 + (millis % 10);
  end = twoSpaces(buffer, end);
  end = copyPrintable(entry.client, buffer, end);
  if (end === -1) {
    return -1;
  }
  end = twoSpaces(buffer, end);
  buffer[end++] = 99; // c
  end = writeUint(entry.connectionId, buffer, end);
  buffer[end++] = 35; // #
  end = writeUint(entry.requestIndex, buffer, end);
  end = twoSpaces(buffer, end);
  end = copyPrintable(method, buffer, end);
  if (end === -1) {
    return -1;
  }
  buffer[end++] = SP;
  end = copyPrintable(target, buffer, end);
  if (end === -1) {
    return -1;
  }
  end = twoSpaces(buffer, end);
  buffer[end++] = ARROW[0];
  buffer[end++] = ARROW[1];
  buffer[end++] = ARROW[2];
  buffer[end++] = SP;
  end = writeUint(entry.status, buffer, end);
  end = twoSpaces(buffer, end);
  end = writeUint(entry.bytesSent, buffer, end);
  buffer[end++] = SP;
  buffer[end++] = 66; // B
  end = twoSpaces(buffer, end);
  end = copyAscii(formatDuration(entry.durationMs), buffer, end);
  buffer[end++] = SP;
  buffer[end++] = 109; // m
  buffer[end++] = 115; // s
  if (tail !== '') {
    end += buffer.write(tail, end, 'utf8');
  }
  buffer[end++] = 10;
  return end;
}
