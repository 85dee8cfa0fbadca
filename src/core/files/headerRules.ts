// Extra response headers by path glob (`rawHttpServer.headers`, CLI --header). A glob with a "/" is matched against
// the whole URL path ("/api/**", "/**/*.wasm"), one without against the last segment ("*.js"); "**" matches every
// path. Matching is by segments with a table, never a backtracking regular expression: the path comes from the
// client, and a glob like "**/*a*b*c" must not turn a long path into seconds of work.

import { matchSegment, matchSegments } from '../http/pathGlob';
import { validateHeaderRules, type HeaderRule } from '../options';

// The matcher lives in http/ (pure) so that routes/ (capture mode) shares it; re-exported for existing callers.
export { matchSegment, matchSegments } from '../http/pathGlob';

export class HeaderRules {
  private readonly compiled: Array<{ segments: string[] | undefined; basename: string | undefined; line: string }>;
  private readonly memo = new Map<string, string>();

  constructor(rules: readonly HeaderRule[]) {
    // Validated again here, whoever built the options: a rule that could break the head is never sent.
    this.compiled = validateHeaderRules(rules).rules.map((rule) => {
      const glob = rule.glob.trim();
      const line = `${rule.name}: ${rule.value}\r\n`;
      return glob.includes('/')
        ? { segments: glob.split('/').filter((segment) => segment !== ''), basename: undefined, line }
        : { segments: glob === '**' ? ['**'] : undefined, basename: glob === '**' ? undefined : glob, line };
    });
  }

  get isEmpty(): boolean {
    return this.compiled.length === 0;
  }

  /** The header lines for a decoded URL path (memoised: the set of paths a dev server sees is small). */
  linesFor(urlPath: string): string {
    if (this.compiled.length === 0) {
      return '';
    }
    let lines = this.memo.get(urlPath);
    if (lines === undefined) {
      const segments = urlPath.split('/').filter((segment) => segment !== '');
      lines = this.compiled.filter((rule) => (rule.basename !== undefined
        ? matchSegment(rule.basename, segments[segments.length - 1] ?? '')
        : matchSegments(rule.segments!, segments))).map((rule) => rule.line).join('');
      if (this.memo.size > 10_000) {
        this.memo.clear();
      }
      this.memo.set(urlPath, lines);
    }
    return lines;
  }
}
