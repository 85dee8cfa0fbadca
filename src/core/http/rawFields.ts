// A raw request head read back into its parts as sent: the request line's method, target and version, and the field
// lines in wire order with their names' case kept (the parser lower-cases names; exporters and the capture echo
// show them as the client wrote them). Latin-1 text, one character per byte. Pure.

export interface RawRequestParts {
  method: string;
  target: string;
  /** "HTTP/1.1" or "HTTP/1.0" as sent ("" if the line has no version). */
  version: string;
  /** Field lines in wire order: name as sent, value without surrounding whitespace (RFC 9110 §5.5). */
  fields: Array<[name: string, value: string]>;
}

/** Splits a raw head (request line to the empty line). Lines without a colon are skipped (the parser refused them). */
export function splitRawHead(rawHead: Buffer): RawRequestParts {
  const text = rawHead.toString('latin1');
  const lines = text.split('\r\n');
  const [method = '', target = '', version = ''] = (lines[0] ?? '').split(' ');
  const fields: Array<[string, string]> = [];
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) {
      fields.push([line.slice(0, colon), line.slice(colon + 1).trim()]);
    }
  }
  return { method, target, version, fields };
}

/** The value of the first field named `name` (case-insensitive), or undefined. */
export function firstField(fields: ReadonlyArray<[string, string]>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return fields.find(([fieldName]) => fieldName.toLowerCase() === lower)?.[1];
}
