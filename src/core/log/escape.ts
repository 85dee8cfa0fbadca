// How client bytes and client-derived text become log text that cannot forge a log line or drive a terminal.
// Dependency-free (the VS Code layer loads it before the core): escapeRawBytes for raw wire bytes, escapeLogText
// for strings (paths, targets, header values, reasons and notices that quote them).
//
// What can never pass: a line end other than the head's own CRLF, any other C0 control, DEL, the C1 controls
// (U+0080–U+009F: a terminal reads U+009B as CSI and U+0085 as a line end), the Unicode line and paragraph
// separators and the bidi controls ("Trojan source": text that displays in another order than it reads), and the
// characters our own log lines are recognised by: "→" (summary), "←" (response head), "»" (notices), "‹›"
// (redaction marker). Raw bytes go further: every non-ASCII byte is shown as \xNN.

const CR = 13;
const LF = 10;
const HEX = '0123456789ABCDEF';

/** True for the byte at `i` if it is shown as it is: printable ASCII, TAB, or either half of a CRLF pair. */
function isShownAsIs(bytes: Buffer, i: number): boolean {
  const byte = bytes[i];
  return (byte >= 0x20 && byte < 0x7f) || byte === 9 || (byte === CR && bytes[i + 1] === LF) || (byte === LF && bytes[i - 1] === CR);
}

function hexEscape(code: number): string {
  return `\\x${HEX[code >> 4]}${HEX[code & 15]}`;
}

function escapeControl(code: number): string {
  return code === CR ? '\\r' : code === LF ? '\\n' : code === 9 ? '\\t' : code === 0 ? '\\0' : hexEscape(code);
}

/**
 * Raw bytes as text: CRLF pairs kept as line ends, TAB kept, every other control or non-ASCII byte made visible
 * (\r, \n, \0, \xNN). A clean head (the usual case) costs one scan and one latin1 conversion.
 */
export function escapeRawBytes(bytes: Buffer): string {
  if (isCleanRaw(bytes)) {
    return bytes.toString('latin1');
  }
  let text = '';
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i];
    text += isShownAsIs(bytes, i) ? String.fromCharCode(byte) : escapeControl(byte);
  }
  return text;
}

/** True if every byte is shown as it is (printable ASCII, TAB, CRLF pairs): the one scan of the fast path. */
export function isCleanRaw(bytes: Buffer): boolean {
  const length = bytes.length;
  for (let i = 0; i < length; i++) {
    const byte = bytes[i];
    if ((byte >= 0x20 && byte < 0x7f) || byte === 9) {
      continue;
    }
    if (byte !== CR || bytes[i + 1] !== LF) {
      return false;
    }
    i++; // the LF of this CRLF
  }
  return true;
}

/**
 * Characters a string may not carry into the log: C0 controls (TAB included: a field is one line), DEL, C1,
 * "«" "»" "‹" "›", the arrows ("→", "←" and look-alikes: U+2190–21FF, dingbat arrows U+2794–27BF, U+27F0–27FF,
 * U+2900–297F, U+2B00–2BFF),
 * U+2028/2029, the bidi controls (U+061C, U+200E/200F, U+202A–202E, U+2066–2069) and lone surrogates.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_TEXT = /[\x00-\x1F\x7F-\x9F\u00AB\u00BB\u2039\u203A\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069\u2190-\u21FF\u2794-\u27BF\u27F0-\u27FF\u2900-\u297F\u2B00-\u2BFF]|\p{Cs}/u;
const UNSAFE_TEXT_ALL = new RegExp(UNSAFE_TEXT.source, 'gu');

function escapeChar(char: string): string {
  const code = char.codePointAt(0)!;
  return code <= 0xff ? escapeControl(code) : `\\u{${code.toString(16).toUpperCase()}}`;
}

/** A client-derived string made safe for one log line; printable text (other scripts included) is kept as is. */
export function escapeLogText(text: string): string {
  return UNSAFE_TEXT.test(text) ? text.replace(UNSAFE_TEXT_ALL, escapeChar) : text;
}

/**
 * Our own messages (lifecycle, notices, change summaries) may quote names from the disk or an exception's text:
 * they keep their arrows, but nothing in them can end the line or drive a terminal (C0, DEL, C1, line separators,
 * bidi controls, lone surrogates are escaped). Client-derived text inside them is escaped with escapeLogText first.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_LINE = /[\x00-\x1F\x7F-\x9F\u061C\u200E\u200F\u2028-\u202E\u2066-\u2069]|\p{Cs}/u;
const UNSAFE_LINE_ALL = new RegExp(UNSAFE_LINE.source, 'gu');

export function sanitizeLogLine(text: string): string {
  return UNSAFE_LINE.test(text) ? text.replace(UNSAFE_LINE_ALL, escapeChar) : text;
}
