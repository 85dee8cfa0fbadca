// Request target → decoded URL path (RFC 9112 §3.2). Accepts origin-form and absolute-form (http/https; "*" for
// OPTIONS is the handler's); keeps the query apart and drops a fragment; percent-decodes UTF-8 ("+" stays literal);
// refuses what could name something outside the root, whatever its spelling. Pure: no file system access.

/** Results are shared between requests with the same target (see parseTarget): read-only. */
export interface ParsedTarget {
  /** Decoded, normalised path: starts with "/", no "." or ".." or empty segments; ends with "/" if the target did. */
  readonly path: string;
  /** Decoded segments of `path` (no empty ones). */
  readonly segments: readonly string[];
  /** The raw query including "?", or "" (kept for redirects). */
  readonly query: string;
  /** The authority of an absolute-form target (which replaces Host, RFC 9112 §3.2.2), else undefined. */
  readonly authority: string | undefined;
  /** The target carried a "#fragment", which was dropped (path and query exclude it); the log notes it. */
  readonly fragmentIgnored: boolean;
}

export type TargetResult = { ok: true; target: ParsedTarget } | { ok: false; status: number; reason: string };

const ABSOLUTE_FORM = /^https?:\/\/([^/?#]*)(.*)$/i;

function refuse(status: number, reason: string): TargetResult {
  return { ok: false, status, reason };
}

/**
 * A page load asks for the same few targets again and again: their results are kept (and shared, read-only), so a
 * repeated target costs one Map lookup instead of a split, a decode and two allocations. Bounded: emptied when full,
 * and only short targets are kept.
 */
const remembered = new Map<string, TargetResult>();
const MAX_REMEMBERED = 1024;
const MAX_REMEMBERED_LENGTH = 256;

export function parseTarget(target: string): TargetResult {
  let result = remembered.get(target);
  if (result === undefined) {
    result = parseTargetAnew(target);
    if (target.length <= MAX_REMEMBERED_LENGTH) {
      if (remembered.size >= MAX_REMEMBERED) {
        remembered.clear();
      }
      remembered.set(target, result);
    }
  }
  return result;
}

function parseTargetAnew(target: string): TargetResult {
  let rest = target;
  let authority: string | undefined;
  if (target.charCodeAt(0) !== 47 /* / */) {
    const match = ABSOLUTE_FORM.exec(target);
    if (!match) {
      return refuse(400, 'request target is not origin-form or absolute-form');
    }
    authority = match[1];
    if (authority === '' || authority.includes('@')) {
      return refuse(400, 'absolute-form target with an empty or userinfo authority');
    }
    // RFC 9112 §3.2.2 / RFC 3986 §3.3: after the authority the path is empty or starts with "/"; an empty path
    // means "/", so "http://host?x=1" is path "/" with query "?x=1".
    rest = match[2].charCodeAt(0) === 47 ? match[2] : '/' + match[2];
  }
  // RFC 3986 §3.5: a fragment is for the client alone; browsers never send one, but curl and scripts may. Like
  // nginx, Node and Python we ignore it (lookup uses neither it nor the "#"), and say so for the log.
  const fragmentStart = rest.indexOf('#');
  const fragmentIgnored = fragmentStart !== -1;
  if (fragmentIgnored) {
    rest = rest.slice(0, fragmentStart);
  }
  const queryStart = rest.indexOf('?');
  const rawPath = queryStart === -1 ? rest : rest.slice(0, queryStart);
  const query = queryStart === -1 ? '' : rest.slice(queryStart);
  const decoded = decodePath(rawPath);
  if (decoded === undefined) {
    return refuse(400, 'invalid percent-encoding in path');
  }
  return normalise(decoded, query, authority, fragmentIgnored);
}

/** decodeURIComponent, which rejects "%" not followed by two hex digits and invalid UTF-8; "+" stays "+". */
function decodePath(rawPath: string): string | undefined {
  if (!rawPath.includes('%')) {
    return rawPath;
  }
  try {
    return decodeURIComponent(rawPath);
  } catch {
    return undefined;
  }
}

function normalise(decoded: string, query: string, authority: string | undefined, fragmentIgnored: boolean): TargetResult {
  if (decoded.includes('\0')) {
    return refuse(400, 'NUL byte in path');
  }
  // A backslash is a separator on Windows and a plain character on POSIX: refuse it on every platform so that
  // no spelling ("..\\", "%5c") reaches a different file depending on where the server runs. Other characters that
  // Windows treats specially (":*?"<>|", device names) are the path policy's concern (files/pathPolicy.ts).
  if (decoded.includes('\\')) {
    return refuse(403, 'backslash in path');
  }
  const segments: string[] = [];
  // Dropped segments other than the leading empty one and a trailing slash's: only then is `path` rebuilt (the
  // usual target, "/index.html", is already normal and is kept as it is).
  let dropped = 0;
  const parts = decoded.split('/');
  for (let i = 0; i < parts.length; i++) {
    const segment = parts[i];
    if (segment === '..') {
      // Never resolved against the root: a ".." in any spelling (%2e%2e, %2f..) is refused outright.
      return refuse(403, '".." in path (outside root)');
    }
    if (segment === '' || segment === '.') {
      if (segment === '.' || (i !== 0 && i !== parts.length - 1)) {
        dropped++;
      }
      continue;
    }
    segments.push(segment);
  }
  const trailingSlash = decoded.endsWith('/') || decoded.endsWith('/.') || segments.length === 0;
  const path = dropped === 0 && parts[0] === '' && segments.length > 0 ? decoded
    : '/' + segments.join('/') + (trailingSlash && segments.length > 0 ? '/' : '');
  return { ok: true, target: { path, segments, query, authority, fragmentIgnored } };
}
