// Which decoded path segments are never served nor listed: dotfiles and the deny globs. No file system access.

import type { SecurityPolicy } from '../options';

export type Verdict = { allowed: true } | { allowed: false; status: number; reason: string };

const ALLOWED: Verdict = { allowed: true };

/** Turns a glob ("*" and "?" wildcards) into an anchored, case-insensitive regular expression. */
function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

/** Which decoded path segments are never served nor listed. */
export class PathPolicy {
  private readonly denyPatterns: Array<{ glob: string; regexp: RegExp }>;

  constructor(private readonly policy: SecurityPolicy, _options: { platform?: 'posix' | 'win32' } = {}) {
    this.denyPatterns = policy.deny.filter((glob) => glob.trim() !== '')
      .map((glob) => ({ glob, regexp: globToRegExp(glob.trim()) }));
  }

  /** Checks every segment of a path relative to the root. */
  check(segments: readonly string[]): Verdict {
    for (let index = 0; index < segments.length; index++) {
      const reason = this.refusalFor(segments[index], index === 0);
      if (reason) {
        return { allowed: false, status: 404, reason };
      }
    }
    return ALLOWED;
  }

  /** Whether a directory entry may be listed (same rules as serving it). */
  isListable(name: string, atRoot: boolean): boolean {
    return this.refusalFor(name, atRoot) === undefined;
  }

  private refusalFor(segment: string, atRoot: boolean): string | undefined {
    if (!this.policy.serveDotfiles && segment.charCodeAt(0) === 46 /* . */ && !(atRoot && segment === '.well-known')) {
      return `dotfile "${segment}" refused (serveDotfiles is off) → 404`;
    }
    for (const { glob, regexp } of this.denyPatterns) {
      if (regexp.test(segment)) {
        return `"${segment}" matches deny pattern "${glob}" → 404`;
      }
    }
    return undefined;
  }
}
