// Segment globs ("*" and "?") matched without regular expressions. The deny globs used to compile to
// backtracking regexes, and `*-*-*.bak` against a name of 8,000 dashes blocked the event loop for over a minute
// (ReDoS): a client chose the name, so the matcher must be safe for any name. No file system access.

/** A glob split into code points once, so each match does no parsing. */
export interface CompiledGlob {
  /** The glob as configured (for reasons in the log). */
  readonly source: string;
  readonly codePoints: readonly string[];
}

export function compileGlob(glob: string): CompiledGlob {
  return { source: glob, codePoints: Array.from(glob) };
}

/**
 * Whether `text` matches `glob` as a whole: "*" is any run of characters (also none), "?" exactly one character
 * (a code point, so an astral character counts as one), everything else stands for itself. Case-sensitive: fold
 * both sides first (see nameFolding.ts) for a case-insensitive match. `text` may be given already split into code
 * points (Array.from), to split it once for many globs.
 *
 * The iterative two-pointer algorithm remembering only the last "*": when a literal fails, the last star takes one
 * more character and matching resumes after it. Earlier stars never need revisiting (whatever they could have
 * taken, the last star can take instead), so the work is O(text × glob) in the worst case and never exponential.
 */
export function matchGlob(glob: CompiledGlob | string, text: string | readonly string[]): boolean {
  const pattern = typeof glob === 'string' ? Array.from(glob) : glob.codePoints;
  const chars = typeof text === 'string' ? Array.from(text) : text;
  let patternIndex = 0;
  let textIndex = 0;
  let starIndex = -1;
  let starTextIndex = 0;
  while (textIndex < chars.length) {
    const token = pattern[patternIndex];
    if (token === '*') {
      starIndex = patternIndex++;
      starTextIndex = textIndex;
    } else if (patternIndex < pattern.length && (token === '?' || token === chars[textIndex])) {
      patternIndex++;
      textIndex++;
    } else if (starIndex !== -1) {
      patternIndex = starIndex + 1;
      textIndex = ++starTextIndex;
    } else {
      return false;
    }
  }
  while (pattern[patternIndex] === '*') {
    patternIndex++;
  }
  return patternIndex === pattern.length;
}
