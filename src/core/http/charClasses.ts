// Byte-class lookup tables for the parser (RFC 9110 §5.6.2 tchar, §5.5 field values; RFC 3986 for targets).
// Tables instead of regexes so the per-byte checks on the hot path are one array read each.

function table(predicate: (code: number) => boolean): Uint8Array {
  const result = new Uint8Array(256);
  for (let code = 0; code < 256; code++) {
    result[code] = predicate(code) ? 1 : 0;
  }
  return result;
}

const isAlnum = (code: number): boolean => (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);

/** tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA */
export const TCHAR = table((code) => isAlnum(code) || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(code)));

/** field-value bytes: VCHAR, obs-text (0x80–0xFF), SP and HTAB; never other controls or DEL (RFC 9110 §5.5). */
export const FIELD_VALUE_CHAR = table((code) => code === 9 || (code >= 32 && code !== 127));

/**
 * Bytes allowed in a request target: every VCHAR (0x21–0x7E). Browsers send "|", "^", "{", "}" and "`" raw in
 * queries (WHATWG URL's query percent-encode set leaves them), so RFC 3986's narrower set would break real pages;
 * controls, space and non-ASCII are rejected, and the target parser refuses what it cannot interpret.
 */
export const TARGET_CHAR = table((code) => code > 32 && code < 127);

/** qdtext = HTAB / SP / "!" / %x23-5B / %x5D-7E / obs-text: a quoted-string's bytes other than '"' and "\" (RFC 9110 §5.6.4). */
export const QDTEXT = table((code) => FIELD_VALUE_CHAR[code] === 1 && code !== 34 && code !== 92);
