// Request target → decoded URL path (RFC 9112 §3.2). Accepts origin-form and absolute-form (http/https),
// and "*" for OPTIONS; ignores the query; percent-decodes UTF-8 ("+" stays literal); refuses what could name
// something outside the root, whatever its spelling. Pure: no file system access.

export interface ParsedTarget {
  /** Decoded, normalised path: starts with "/", no "." or ".." or empty segments; ends with "/" if the target did. */
  path: string;
  /** Decoded segments of `path` (no empty ones). */
  segments: string[];
  /** The raw query including "?", or "" (kept for redirects). */
  query: string;
  /** The authority of an absolute-form target (which replaces Host, RFC 9112 §3.2.2), else undefined. */
  authority: string | undefined;
}

export type TargetResult = { ok: true; target: ParsedTarget } | { ok: false; status: number; reason: string };

const ABSOLUTE_FORM = /^https?:\/\/([^/?#]*)(.*)$/i;

function refuse(status: number, reason: string): TargetResult {
  return { ok: false, status, reason };
}

export function parseTarget(target: string): TargetResult {
  let rest = target;
  let authority: string | undefined;
  if (target.charCodeAt(0) !== 47 /* / */) {
    const match = ABSOLUTE_FORM.exec(target);
    if (!match) {
      return refuse(400, 'request target is not origin-form or absolute-form → 400');
    }
    authority = match[1];
    if (authority === '' || authority.includes('@')) {
      return refuse(400, 'absolute-form target with an empty or userinfo authority → 400');
    }
    rest = match[2] === '' ? '/' : match[2];
    if (rest.charCodeAt(0) !== 47) {
      return refuse(400, 'malformed absolute-form target → 400');
    }
  }
  if (rest.includes('#')) {
    return refuse(400, 'fragment in request target → 400');
  }
  const queryStart = rest.indexOf('?');
  const rawPath = queryStart === -1 ? rest : rest.slice(0, queryStart);
  const query = queryStart === -1 ? '' : rest.slice(queryStart);
  const decoded = decodePath(rawPath);
  if (decoded === undefined) {
    return refuse(400, 'invalid percent-encoding in path → 400');
  }
  return normalise(decoded, query, authority);
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

function normalise(decoded: string, query: string, authority: string | undefined): TargetResult {
  if (decoded.includes('\0')) {
    return refuse(400, 'NUL byte in path → 400');
  }
  // A backslash is a separator on Windows and a plain character on POSIX: refuse it on every platform so that
  // no spelling ("..\\", "%5c") reaches a different file depending on where the server runs.
  if (decoded.includes('\\')) {
    return refuse(403, 'backslash in path → 403');
  }
  const segments: string[] = [];
  for (const segment of decoded.split('/')) {
    if (segment === '..') {
      // Never resolved against the root: a ".." in any spelling (%2e%2e, %2f..) is refused outright.
      return refuse(403, '".." in path (outside root) → 403');
    }
    if (segment === '' || segment === '.') {
      continue;
    }
    if (process.platform === 'win32' && /[:*?"<>|]/.test(segment)) {
      return refuse(403, 'drive letter or reserved character in path → 403');
    }
    segments.push(segment);
  }
  const trailingSlash = decoded.endsWith('/') || decoded.endsWith('/.') || segments.length === 0;
  const path = '/' + segments.join('/') + (trailingSlash && segments.length > 0 ? '/' : '');
  return { ok: true, target: { path, segments, query, authority } };
}
