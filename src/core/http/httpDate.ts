// HTTP-date formatting and parsing (RFC 9110 §5.6.7), with the current Date header value cached per second
// because building it is measurable on the hot path. Pure; no vscode.

let cachedSecond = -1;
let cachedDate = '';

/** The IMF-fixdate for now, recomputed at most once a second. */
export function currentHttpDate(now = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = new Date(second * 1000).toUTCString();
  }
  return cachedDate;
}

export function toHttpDate(epochMs: number): string {
  return new Date(Math.floor(epochMs / 1000) * 1000).toUTCString();
}

/**
 * Parses an HTTP-date into whole seconds since the epoch, or undefined. RFC 9110 §5.6.7 requires recipients to
 * accept IMF-fixdate and the two obsolete forms; Date.parse handles all three as produced by real clients.
 */
export function parseHttpDateSeconds(value: string): number | undefined {
  if (value.length < 20 || value.length > 40) {
    return undefined;
  }
  // asctime-date carries no zone but means GMT; Date.parse would read a zone-less date as local time.
  const ms = Date.parse(value.endsWith('GMT') ? value : `${value} GMT`);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}
