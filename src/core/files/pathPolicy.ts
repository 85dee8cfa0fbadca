// Which decoded path segments are never served nor listed: dotfiles, the deny globs and, on Windows, device names
// and reserved characters. Rules match the name as the file system may read it (folded, trailing dots and spaces
// dropped), because that, not the spelling, decides which file opens. No file system access.

import type { SecurityPolicy } from '../options';
import { compileGlob, matchGlob, type CompiledGlob } from './glob';
import {
  currentNamePlatform, foldName, isWindowsReservedName, stripTrailingDotsAndSpaces, windowsReservedCharacter,
  type NamePlatform,
} from './nameFolding';

export type Verdict = { allowed: true } | { allowed: false; status: number; reason: string };

export interface PathPolicyOptions {
  /** Whose naming rules apply: 'win32' adds device names and reserved characters. */
  platform: NamePlatform;
}

const ALLOWED: Verdict = { allowed: true };

/**
 * Status of the refusals. The dotfile and deny rules answer 404, as for a missing file, so the server never
 * reveals that a refused secret exists. Windows device names and reserved characters answer 403: they depend on
 * the name alone (no file is involved), like the target parser's 403 for "..".
 */
const POLICY_STATUS = 404;
const WINDOWS_NAME_STATUS = 403;

interface DenyPattern {
  /** The glob as configured, quoted in reasons. */
  glob: string;
  folded: CompiledGlob;
}

/**
 * Which decoded path segments are never served nor listed.
 *
 * 8.3 short names (`ENV~1` for `.env`, `GIT~1` for `.git`, `SECRET~1.PEM`) cannot be recognised from the
 * requested name: Windows maps them to the long name only when it opens the file. The check of the real path
 * (the name actually opened, see FileStore) is what catches them, so it must never be skipped, not even for a
 * cached or "obviously safe" name.
 */
export class PathPolicy {
  private readonly denyPatterns: DenyPattern[];
  private readonly platform: NamePlatform;

  constructor(private readonly policy: SecurityPolicy, options: PathPolicyOptions = { platform: currentNamePlatform() }) {
    this.platform = options.platform;
    this.denyPatterns = policy.deny.filter((glob) => glob.trim() !== '')
      .map((glob) => ({ glob, folded: compileGlob(foldName(glob.trim())) }));
  }

  /** Checks every segment of a path relative to the root (index 0 is at the root). */
  check(segments: readonly string[]): Verdict {
    for (let index = 0; index < segments.length; index++) {
      const refusal = this.refusalFor(segments[index], index === 0);
      if (refusal) {
        return { allowed: false, ...refusal };
      }
    }
    return ALLOWED;
  }

  /**
   * Checks a relative path as the platform's `path.relative` returns it (the real path of the file opened):
   * split on "\" and "/" for win32, on "/" for posix (where a backslash is an ordinary character).
   */
  checkRelativePath(relative: string): Verdict {
    const separator = this.platform === 'win32' ? /[\\/]/ : '/';
    return this.check(relative.split(separator).filter((segment) => segment !== ''));
  }

  /** Whether a directory entry may be listed (same rules as serving it). */
  isListable(name: string, atRoot: boolean): boolean {
    return this.refusalFor(name, atRoot) === undefined;
  }

  /** Reasons quote the segment as requested (not folded), so the log shows what the client sent. */
  private refusalFor(segment: string, atRoot: boolean): { status: number; reason: string } | undefined {
    if (this.platform === 'win32') {
      const windowsReason = windowsRefusal(segment);
      if (windowsReason) {
        return { status: WINDOWS_NAME_STATUS, reason: windowsReason };
      }
    }
    const folded = foldName(segment);
    // Windows opens "secret.pem" for "secret.pem." and "secret.pem ": the rules see the stripped name on every
    // platform, as the same folder may be a Windows share or a WSL /mnt/c mount.
    const stripped = stripTrailingDotsAndSpaces(folded);
    if (!this.policy.serveDotfiles && folded.startsWith('.') && !(atRoot && segment === '.well-known')) {
      return { status: POLICY_STATUS, reason: `dotfile "${segment}" refused (serveDotfiles is off)` };
    }
    const strippedChars = Array.from(stripped);
    const foldedChars = stripped === folded ? undefined : Array.from(folded);
    for (const { glob, folded: pattern } of this.denyPatterns) {
      if (matchGlob(pattern, strippedChars) || (foldedChars !== undefined && matchGlob(pattern, foldedChars))) {
        return { status: POLICY_STATUS, reason: `"${segment}" matches deny pattern "${glob}"` };
      }
    }
    return undefined;
  }
}

function windowsRefusal(segment: string): string | undefined {
  const character = windowsReservedCharacter(segment);
  if (character !== undefined) {
    const shown = character.charCodeAt(0) < 0x20 ? `U+${character.charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()}` : character;
    return `reserved character ${shown} in "${segment}" refused (Windows drive, stream or wildcard syntax)`;
  }
  if (isWindowsReservedName(segment)) {
    return `Windows device name "${segment}" refused`;
  }
  return undefined;
}
