// Conditional requests (RFC 9110 §13) and byte ranges (RFC 9110 §14) for a file's validators. Pure functions.

import { parseHttpDateSeconds } from './httpDate';

export interface Validators {
  /** Weak entity tag, e.g. W/"1a2b-18c3f0d2a10". */
  etag: string;
  /** Last-Modified in whole seconds since the epoch. */
  mtimeSeconds: number;
  /** The exact Last-Modified header value. */
  lastModified: string;
}

/** Strips a weak prefix: If-None-Match uses the weak comparison (RFC 9110 §13.1.2). */
function opaqueTag(tag: string): string {
  return tag.startsWith('W/') ? tag.slice(2) : tag;
}

/**
 * Whether a GET/HEAD may be answered 304. If-None-Match takes precedence: when present, If-Modified-Since is
 * ignored (RFC 9110 §13.1.3). Returns the reason for the log, or undefined to send the representation.
 */
export function notModifiedReason(validators: Validators, ifNoneMatch: string | undefined,
  ifModifiedSince: string | undefined): string | undefined {
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') {
      return 'If-None-Match "*" matched';
    }
    const mine = opaqueTag(validators.etag);
    for (const candidate of ifNoneMatch.split(',')) {
      if (opaqueTag(candidate.trim()) === mine) {
        // Our own entity tag, not the client's text: the why names what matched (the inspector shows it).
        return `If-None-Match ${validators.etag} matched`;
      }
    }
    return undefined;
  }
  if (ifModifiedSince !== undefined) {
    const since = parseHttpDateSeconds(ifModifiedSince);
    if (since !== undefined && validators.mtimeSeconds <= since) {
      return `not modified since If-Modified-Since ${ifModifiedSince.trim()}`;
    }
  }
  return undefined;
}

export type RangeDecision =
  | { kind: 'full'; reason?: string }
  | { kind: 'partial'; start: number; end: number }
  | { kind: 'unsatisfiable' };

/**
 * Decides how to answer a Range header for a file of `size` bytes. Only single "bytes" ranges are served as 206;
 * several ranges get the full 200, which RFC 9110 §14.2 permits. An invalid Range is ignored (§14.2).
 */
export function decideRange(size: number, range: string | undefined, ifRange: string | undefined,
  validators: Validators): RangeDecision {
  if (range === undefined) {
    return { kind: 'full' };
  }
  if (ifRange !== undefined && !ifRangeHolds(ifRange, validators)) {
    return { kind: 'full', reason: 'If-Range did not match, full file sent' };
  }
  const match = /^bytes[ \t]*=[ \t]*(.*)$/i.exec(range);
  if (!match) {
    return { kind: 'full', reason: 'unsupported Range unit ignored' };
  }
  const specs = match[1].split(',').map((spec) => spec.trim()).filter((spec) => spec !== '');
  if (specs.length === 0) {
    return { kind: 'full', reason: 'invalid Range ignored' };
  }
  const satisfiable: Array<{ start: number; end: number }> = [];
  for (const spec of specs) {
    const parsed = parseRangeSpec(spec, size);
    if (parsed === 'invalid') {
      return { kind: 'full', reason: 'invalid Range ignored' };
    }
    if (parsed) {
      satisfiable.push(parsed);
    }
  }
  if (satisfiable.length === 0) {
    return { kind: 'unsatisfiable' };
  }
  if (satisfiable.length > 1) {
    return { kind: 'full', reason: 'several ranges requested, full file sent' };
  }
  return { kind: 'partial', ...satisfiable[0] };
}

/** One range-spec: "a-b", "a-" or "-n". Returns undefined when unsatisfiable for this size. */
function parseRangeSpec(spec: string, size: number): { start: number; end: number } | undefined | 'invalid' {
  const match = /^(\d{0,15})[ \t]*-[ \t]*(\d{0,15})$/.exec(spec);
  if (!match || (match[1] === '' && match[2] === '')) {
    return 'invalid';
  }
  if (match[1] === '') {
    const suffix = Number(match[2]);
    // RFC 9110 §14.1.3: a suffix range selects the last n bytes; zero bytes (or an empty file) is unsatisfiable.
    return suffix === 0 || size === 0 ? undefined : { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? Infinity : Number(match[2]); // "a-" runs to the end, whatever the size
  if (end < start) {
    return 'invalid';
  }
  return start >= size ? undefined : { start, end: Math.min(end, size - 1) };
}

/**
 * RFC 9110 §13.1.5: an entity-tag If-Range needs a strong match, which our weak tags never give; a date must
 * equal Last-Modified exactly.
 */
function ifRangeHolds(ifRange: string, validators: Validators): boolean {
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) {
    return !value.startsWith('W/') && !validators.etag.startsWith('W/') && value === validators.etag;
  }
  return value === validators.lastModified;
}
