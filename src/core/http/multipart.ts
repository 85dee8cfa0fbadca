// multipart/form-data bodies (RFC 7578) split into their parts by the boundary rules of RFC 2046 §5.1.1, for
// capture mode's echo. Bounded (parts, header bytes) and forgiving in one way only: a malformed body yields what
// was read so far plus an error phrase, never an exception. Pure: bytes in, parts out.

const CRLF = Buffer.from('\r\n', 'latin1');
const HEADER_END = Buffer.from('\r\n\r\n', 'latin1');
/** Parts read at most: a form has a handful; a body of ten thousand empty parts is not a form. */
const MAX_PARTS = 1000;
/** A part's header section at most (it has one or two short fields). */
const MAX_PART_HEAD_BYTES = 8 * 1024;

export interface MultipartPart {
  /** Content-Disposition's name (RFC 7578 §4.2); "" when missing. */
  name: string;
  /** Content-Disposition's filename when the part is a file. */
  filename?: string;
  /** The part's Content-Type (RFC 7578 §4.4 default: text/plain). */
  type: string;
  /** The part's content: a view into the body. */
  content: Buffer;
}

export interface MultipartResult {
  parts: MultipartPart[];
  /** Why the body is not a well-formed multipart body, when it is not (the parts before the fault are kept). */
  error?: string;
}

/**
 * The boundary parameter of a multipart Content-Type, unquoted (RFC 2046 §5.1.1: 1–70 characters, not ending in a
 * space), or undefined when it is missing or invalid.
 */
export function multipartBoundary(contentType: string): string | undefined {
  const match = /;\s*boundary\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/i.exec(contentType);
  if (!match) {
    return undefined;
  }
  const boundary = match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2];
  return boundary.length >= 1 && boundary.length <= 70 && !boundary.endsWith(' ') ? boundary : undefined;
}

/** Splits "form-data; name=\"a\"; filename=\"b.txt\"" into lower-cased parameter names and unquoted values. */
function dispositionParams(value: string): Map<string, string> {
  const params = new Map<string, string>();
  const pattern = /;\s*([^=;\s]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))/g;
  for (let match = pattern.exec(value); match !== null; match = pattern.exec(value)) {
    const quoted = match[2];
    params.set(match[1].toLowerCase(), quoted !== undefined ? quoted.replace(/\\(.)/g, '$1') : match[3].trim());
  }
  return params;
}

function partHeaders(head: string): { disposition: string; type: string } {
  let disposition = '';
  let type = 'text/plain';
  for (const line of head.split('\r\n')) {
    const colon = line.indexOf(':');
    const name = colon === -1 ? '' : line.slice(0, colon).trim().toLowerCase();
    if (name === 'content-disposition') {
      disposition = line.slice(colon + 1).trim();
    } else if (name === 'content-type') {
      type = line.slice(colon + 1).trim();
    }
  }
  return { disposition, type };
}

/**
 * Reads the parts of `body`. The first delimiter ("--" boundary) may follow a preamble; each later one must start
 * a line (CRLF "--" boundary); the close delimiter adds "--", and what follows it (the epilogue) is ignored.
 * Transport padding (spaces or tabs) may follow a delimiter before its CRLF.
 */
export function parseMultipart(body: Buffer, boundary: string): MultipartResult {
  const parts: MultipartPart[] = [];
  const dashBoundary = Buffer.from(`--${boundary}`, 'latin1');
  const delimiter = Buffer.concat([CRLF, dashBoundary]);
  const fail = (error: string): MultipartResult => ({ parts, error });
  let at = body.subarray(0, dashBoundary.length).equals(dashBoundary) ? 0 : body.indexOf(delimiter);
  if (at === -1) {
    return fail('no boundary delimiter found');
  }
  at += at === 0 ? dashBoundary.length : delimiter.length;
  for (;;) {
    if (body[at] === 0x2d && body[at + 1] === 0x2d) {
      return { parts }; // close delimiter
    }
    while (body[at] === 0x20 || body[at] === 0x09) {
      at++; // transport-padding
    }
    if (body[at] !== 0x0d || body[at + 1] !== 0x0a) {
      return fail(at >= body.length ? 'body ended before the closing boundary' : 'boundary not followed by CRLF');
    }
    at += 2;
    if (parts.length >= MAX_PARTS) {
      return fail(`more than ${MAX_PARTS} parts`);
    }
    // An empty header section is allowed: the part then starts with the CRLF that ends it.
    const headEnd = body[at] === 0x0d && body[at + 1] === 0x0a ? at - 2 : body.indexOf(HEADER_END, at);
    if (headEnd === -1 || headEnd - at > MAX_PART_HEAD_BYTES) {
      return fail(headEnd === -1 ? 'part header section not terminated' : 'part header section too long');
    }
    const contentStart = headEnd + HEADER_END.length;
    const next = body.indexOf(delimiter, contentStart);
    if (next === -1) {
      return fail('body ended before the closing boundary');
    }
    const headers = partHeaders(body.toString('utf8', at, Math.max(at, headEnd)));
    const params = dispositionParams(headers.disposition);
    parts.push({
      name: params.get('name') ?? '', type: headers.type, content: body.subarray(contentStart, next),
      ...(params.has('filename') ? { filename: params.get('filename') } : {}),
    });
    at = next + delimiter.length;
  }
}
