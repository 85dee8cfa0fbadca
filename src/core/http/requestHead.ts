// The request head as the parser hands it on (RFC 9112 §2–§6): the RequestHead every later layer reads, the
// ParseResult the head parser returns, and the one error constructor its parts (request line, field lines) share.
// Types and a field lookup only: the parsing itself is in parser.ts, requestLine.ts and fieldLines.ts.

import type { ServerLimits } from '../options';

export interface RequestHead {
  method: string;
  target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  minorVersion: number;
  host: string | undefined;
  /** undefined when absent; the framing rules (fieldLines.ts) have already rejected every ambiguous form. */
  contentLength: number | undefined;
  chunked: boolean;
  connectionClose: boolean;
  connectionKeepAlive: boolean;
  ifNoneMatch: string | undefined;
  ifModifiedSince: string | undefined;
  range: string | undefined;
  ifRange: string | undefined;
  /** "Expect: 100-continue" was sent: the client waits for an interim answer before sending the body. */
  expectContinue: boolean;
  /** Every field line in wire order: name lower-cased, value without surrounding whitespace. */
  fields: Array<[name: string, value: string]>;
}

/** All values of a field joined by ", " (RFC 9110 §5.3), or undefined when absent. `name` is lower-case. */
export function fieldValue(head: RequestHead, name: string): string | undefined {
  let joined: string | undefined;
  for (const [fieldName, value] of head.fields) {
    if (fieldName === name) {
      joined = joined === undefined ? value : `${joined}, ${value}`;
    }
  }
  return joined;
}

export type ParseResult =
  | { kind: 'incomplete' }
  /** The head occupies bytes [start, end) of the buffer (leading empty lines skipped before start). */
  | { kind: 'request'; head: RequestHead; start: number; end: number }
  | { kind: 'error'; status: number; reason: string; method?: string; target?: string };

export type ParserLimits = Pick<ServerLimits, 'maxTargetBytes' | 'maxHeadBytes'>;

/** The parser's refusal: status and reason, with the method and target once the request line was read. */
export function parseError(status: number, reason: string, method?: string, target?: string): ParseResult {
  return { kind: 'error', status, reason, method, target };
}
