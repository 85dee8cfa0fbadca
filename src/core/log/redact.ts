// Secrets in the printed request head. Browsers send every localhost cookie to every port (cookies are not
// port-scoped, RFC 6265 §8.5), so another local app's session cookie lands in our log; credentials (RFC 9110 §11.6.2,
// §11.7.2) likewise. Their values are replaced by "‹redacted, N bytes›": the marker cannot be forged, because raw
// non-ASCII bytes are always escaped.

import { escapeRawBytes } from './escape';

/** Lower-case field names whose values are redacted. */
const SECRET_FIELDS = ['cookie', 'authorization', 'proxy-authorization'].map((name) => Buffer.from(name, 'latin1'));
const CR = 13;
const LF = 10;
const SP = 32;
const HTAB = 9;
const COLON = 58;

function isOws(byte: number | undefined): boolean {
  return byte === SP || byte === HTAB;
}

/** Index just after "name OWS :" OWS if the line at `start` is a secret field, else -1. Case-insensitive (§5.1). */
function secretValueStart(head: Buffer, start: number): number {
  for (const name of SECRET_FIELDS) {
    if (start + name.length >= head.length || (head[start] | 0x20) !== name[0]) {
      continue;
    }
    let i = 0;
    while (i < name.length && (head[start + i] | 0x20) === name[i]) {
      i++;
    }
    if (i < name.length) {
      continue;
    }
    let at = start + i;
    while (isOws(head[at])) {
      at++; // "Cookie : x" is refused by the parser (§5.1), but still printed: redact it too
    }
    if (head[at] !== COLON) {
      continue;
    }
    at++;
    while (isOws(head[at])) {
      at++;
    }
    return at;
  }
  return -1;
}

/** Where the field line whose value starts at `from` ends (before its CRLF, or bare LF), obs-fold lines included. */
function fieldValueEnd(head: Buffer, from: number): number {
  let at = from;
  for (;;) {
    const lf = head.indexOf(LF, at);
    if (lf === -1) {
      return head.length;
    }
    if (!isOws(head[lf + 1])) {
      return head[lf - 1] === CR && lf - 1 >= from ? lf - 1 : lf;
    }
    at = lf + 1; // an obs-fold continuation line (RFC 9112 §5.2) belongs to the same value
  }
}

/** [start, end) byte ranges of secret field values in a raw head. Line starts are found by native indexOf. */
export function secretValueRanges(head: Buffer): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let lineStart = 0;
  while (lineStart < head.length) {
    const valueStart = secretValueStart(head, lineStart);
    let next = lineStart;
    if (valueStart !== -1) {
      let end = fieldValueEnd(head, valueStart);
      next = end;
      while (end > valueStart && isOws(head[end - 1])) {
        end--; // trailing OWS is not part of the value (RFC 9110 §5.5)
      }
      if (end > valueStart) {
        ranges.push([valueStart, end]);
      }
    }
    const lf = head.indexOf(LF, next);
    if (lf === -1) {
      break;
    }
    lineStart = lf + 1;
  }
  return ranges;
}

export function redactionMarker(bytes: number): string {
  return `‹redacted, ${bytes} byte${bytes === 1 ? '' : 's'}›`;
}

/** The raw head as log text (see escapeRawBytes), with secret values redacted unless `showSecrets`. */
export function printableHead(head: Buffer, showSecrets: boolean): string {
  const ranges = showSecrets ? [] : secretValueRanges(head);
  if (ranges.length === 0) {
    return escapeRawBytes(head);
  }
  let text = '';
  let at = 0;
  for (const [start, end] of ranges) {
    text += escapeRawBytes(head.subarray(at, start)) + redactionMarker(end - start);
    at = end;
  }
  return text + escapeRawBytes(head.subarray(at));
}
