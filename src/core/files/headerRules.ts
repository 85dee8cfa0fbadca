// Extra response headers by path glob (`rawHttpServer.headers`, CLI --header). A glob with a "/" is matched against
// the whole URL path ("/api/**", "/**/*.wasm"), one without against the last segment ("*.js"); "**" matches every
// path. The globs are http/pathGlob.ts's, as in capture mode: matched by segments, never by a backtracking regular
// expression (the path comes from the client).

import { compilePathGlob, type PathGlob } from '../http/pathGlob';
import { validateHeaderRules, type HeaderRule } from '../options';

export class HeaderRules {
  private readonly compiled: Array<{ glob: PathGlob; line: string }>;
  private readonly memo = new Map<string, string>();

  constructor(rules: readonly HeaderRule[]) {
    // Validated again here, whoever built the options: a rule that could break the head is never sent.
    this.compiled = validateHeaderRules(rules).rules.map((rule) => ({
      glob: compilePathGlob(rule.glob), line: `${rule.name}: ${rule.value}\r\n`,
    }));
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
      lines = this.compiled.filter((rule) => rule.glob.matches(segments)).map((rule) => rule.line).join('');
      if (this.memo.size > 10_000) {
        this.memo.clear();
      }
      this.memo.set(urlPath, lines);
    }
    return lines;
  }
}
