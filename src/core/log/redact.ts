// Secrets in the printed request head. Browsers send every localhost cookie to every port (cookies are not
// port-scoped, RFC 6265 §8.5), so another local app's session cookie lands in our log; credentials (RFC 9110 §11.6.2,
// §11.7.2) likewise. Their values are replaced by "‹redacted, N bytes›": the marker cannot be forged, because raw
// non-ASCII bytes are always escaped.

import { escapeRawBytes, isCleanRaw } from './escape';

/** Lower-case field names whose values are redacted, in the log and in every export that is shared or saved. */
const SECRET_FIELD_NAMES: ReadonlySet<string> = new Set(['cookie', 'authorization', 'proxy-authorization']);
const SECRET_FIELDS = [...SECRET_FIELD_NAMES].map((name) => Buffer.from(name, 'latin1'));

/** Whether a field's value is a secret (case-insensitive, RFC 9110 §5.1). */
export function isSecretFieldName(name: string): boolean {
  return SECRET_FIELD_NAMES.has(name.toLowerCase());
}
/** Their first letters, lower-cased: most lines are ruled out by one byte. */
const FIRST_LETTERS = new Set(SECRET_FIELDS.map((name) => name[0]));
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
  if (!FIRST_LETTERS.has(head[start] | 0x20)) {
    return -1;
  }
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

interface HeadScan {
  /** Every byte outside the redacted values is shown as it is (see escapeRawBytes). */
  clean: boolean;
  /** [start, end) byte ranges of secret field values. */
  secrets: Array<[number, number]>;
}

/**
 * One pass over a raw head: whether it is clean, and where the secret values are (looked for only at line starts,
 * after CRLF or a bare LF). Values that are redacted are skipped, so their bytes never need escaping.
 */
export function scanHead(head: Buffer, findSecrets = true): HeadScan {
  const secrets: Array<[number, number]> = [];
  const length = head.length;
  let clean = true;
  let lineStart = findSecrets;
  for (let i = 0; i < length;) {
    if (lineStart) {
      lineStart = false;
      const valueStart = secretValueStart(head, i);
      if (valueStart !== -1) {
        const lineEnd = fieldValueEnd(head, valueStart);
        let end = lineEnd;
        while (end > valueStart && isOws(head[end - 1])) {
          end--; // trailing OWS is not part of the value (RFC 9110 §5.5)
        }
        if (end > valueStart) {
          secrets.push([valueStart, end]);
          i = end;
          continue;
        }
      }
    }
    const byte = head[i];
    if ((byte >= 0x20 && byte < 0x7f) || byte === HTAB) {
      i++;
    } else if (byte === CR && head[i + 1] === LF) {
      i += 2;
      lineStart = findSecrets;
    } else {
      clean = false;
      lineStart = findSecrets && byte === LF;
      i++;
    }
  }
  return { clean, secrets };
}

/** [start, end) byte ranges of secret field values in a raw head. */
export function secretValueRanges(head: Buffer): Array<[number, number]> {
  return scanHead(head).secrets;
}

export function redactionMarker(bytes: number): string {
  return `‹redacted, ${bytes} byte${bytes === 1 ? '' : 's'}›`;
}

/**
 * True when the head can be printed as its own bytes: every byte shown as is and no secret field (false may also
 * mean "ask printableHead", whose text is then the same bytes).
 */
export function isShownAsIs(head: Buffer, showSecrets: boolean): boolean {
  if (showSecrets) {
    return isCleanRaw(head);
  }
  // scanHead's answer without its allocations, for the usual head: no secret field, every byte shown as is.
  const length = head.length;
  let lineStart = true;
  for (let i = 0; i < length;) {
    if (lineStart) {
      lineStart = false;
      if (secretValueStart(head, i) !== -1) {
        // A secret field: printableHead's one full scan decides (an empty value prints as is there too).
        return false;
      }
    }
    const byte = head[i];
    if ((byte >= 0x20 && byte < 0x7f) || byte === HTAB) {
      i++;
    } else if (byte === CR && head[i + 1] === LF) {
      i += 2;
      lineStart = true;
    } else {
      return false;
    }
  }
  return true;
}

/**
 * The raw head as log text (see escapeRawBytes), with secret values redacted unless `showSecrets`. A clean head
 * costs one scan and latin1 conversions of the parts between the secrets.
 */
export function printableHead(head: Buffer, showSecrets: boolean): string {
  if (showSecrets) {
    return escapeRawBytes(head);
  }
  const { clean, secrets } = scanHead(head);
  if (secrets.length === 0) {
    return clean ? head.toString('latin1') : escapeRawBytes(head);
  }
  const part = (start: number, end: number): string => clean ? head.toString('latin1', start, end) : escapeRawBytes(head.subarray(start, end));
  let text = '';
  let at = 0;
  for (const [start, end] of secrets) {
    text += part(at, start) + redactionMarker(end - start);
    at = end;
  }
  return text + part(at, head.length);
}
