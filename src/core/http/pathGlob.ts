// Path globs matched by segments with a table, never a backtracking regular expression: the path comes from the
// client, and a glob like "**/*a*b*c" must not turn a long path into seconds of work. Shared by the header rules
// (files/headerRules.ts), capture mode (routes/capture.ts) and the inspector filter. Pure.

/** Glob segments ("**" = any number of segments) against path segments: dynamic programming, O(g·p). */
export function matchSegments(glob: readonly string[], path: readonly string[]): boolean {
  let row = new Array<boolean>(path.length + 1).fill(false);
  row[0] = true;
  for (const part of glob) {
    const next = new Array<boolean>(path.length + 1).fill(false);
    for (let j = 0; j <= path.length; j++) {
      if (part === '**') {
        next[j] = row[j] || (j > 0 && next[j - 1]);
      } else if (j > 0) {
        next[j] = row[j - 1] && matchSegment(part, path[j - 1]);
      }
    }
    row = next;
  }
  return row[path.length];
}

/** "*" and "?" within one segment, case-sensitive: the iterative matcher with one remembered star, O(n·m). */
export function matchSegment(glob: string, text: string): boolean {
  let g = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    if (g < glob.length && (glob[g] === '?' || glob[g] === text[t])) {
      g++;
      t++;
    } else if (g < glob.length && glob[g] === '*') {
      star = g++;
      mark = t;
    } else if (star !== -1) {
      g = star + 1;
      t = ++mark;
    } else {
      return false;
    }
  }
  while (g < glob.length && glob[g] === '*') {
    g++;
  }
  return g === glob.length;
}

/**
 * A compiled path glob: one with a "/" is matched against the whole URL path ("/hooks/**"), one without against
 * the last segment ("*.php"); "**" matches every path.
 */
export interface PathGlob {
  readonly source: string;
  matches(segments: readonly string[]): boolean;
}

export function compilePathGlob(glob: string): PathGlob {
  const source = glob.trim();
  if (source.includes('/') || source === '**') {
    const parts = source.split('/').filter((segment) => segment !== '');
    return { source, matches: (segments) => matchSegments(parts, segments) };
  }
  return { source, matches: (segments) => matchSegment(source, segments[segments.length - 1] ?? '') };
}
