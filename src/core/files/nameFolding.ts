// How a file system may read a name differently from how it was spelled: case-folding mounts that open `id_rsa`
// for `id_rſa`, Windows that drops trailing dots and spaces and turns `nul.txt` into a device. Pure string
// functions; the platform is always a parameter, never read here. No file system access.

export type NamePlatform = 'posix' | 'win32';

/**
 * The name as a case-insensitive file system may see it: NFKC (compatibility forms: fullwidth "．" → ".",
 * Kelvin sign "K" → "K", ligatures, superscripts), then upper- and lower-casing, which approximates full Unicode
 * case folding (macOS APFS/HFS+, casefolded ext4, SMB, Windows/NTFS and WSL `/mnt/c` upcase tables): "ſ" → "S"
 * → "s", "ß" → "SS" → "ss", "ı" → "I" → "i", which lower-casing alone would miss. Folding more than some file
 * system does only makes a rule refuse more, never less.
 */
export function foldName(name: string): string {
  return name.normalize('NFKC').toUpperCase().toLowerCase();
}

/**
 * Drops trailing dots and spaces, which Windows strips from every path component (`/secret.pem.` and
 * `/secret.pem%20` open `secret.pem`). A loop rather than /[. ]+$/, which is quadratic on a long run of spaces
 * that is not at the end.
 */
export function stripTrailingDotsAndSpaces(name: string): string {
  let end = name.length;
  while (end > 0 && (name.charCodeAt(end - 1) === 46 /* . */ || name.charCodeAt(end - 1) === 32 /* space */)) {
    end--;
  }
  return name.slice(0, end);
}

/** Superscript one, two, three: Windows treats COM¹ and LPT³ as device numbers too. */
const DEVICE_DIGITS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '\u00b9', '\u00b2', '\u00b3'];

/** Win32 device names (Naming Files, Paths, and Namespaces; the same list as Python's ntpath.isreserved). */
const WINDOWS_DEVICE_NAMES: ReadonlySet<string> = new Set([
  'CON', 'PRN', 'AUX', 'NUL', 'CONIN$', 'CONOUT$',
  ...DEVICE_DIGITS.map((digit) => `COM${digit}`), ...DEVICE_DIGITS.map((digit) => `LPT${digit}`),
]);

/**
 * Whether Windows opens a device instead of a file for this path component: a device name in any case, with any
 * extension (`nul.txt`, `con.tar.gz`: the part before the first dot decides) and trailing spaces or dots
 * (`CON.`, `aux `, `nul .txt`).
 */
export function isWindowsReservedName(segment: string): boolean {
  const dot = segment.indexOf('.');
  const stem = dot === -1 ? segment : segment.slice(0, dot);
  let end = stem.length;
  while (end > 0 && stem.charCodeAt(end - 1) === 32) {
    end--;
  }
  return WINDOWS_DEVICE_NAMES.has(stem.slice(0, end).toUpperCase());
}

// `:` selects a drive (`C:`) or an alternate data stream (`file.txt::$DATA` opens file.txt), `*?"<>|` are
// wildcards and redirections Win32 refuses or reinterprets, and C0 controls are invalid in Windows names.
// The separators are listed too, so a segment from any source is safe (the target parser already refuses them).
// eslint-disable-next-line no-control-regex
const WINDOWS_RESERVED_CHARACTER = /[\x00-\x1f:*?"<>|\\/]/;

/** The first character Windows reserves in a path component, or undefined. */
export function windowsReservedCharacter(segment: string): string | undefined {
  return WINDOWS_RESERVED_CHARACTER.exec(segment)?.[0];
}

/** The platform the running process serves files on, for the call sites that build a PathPolicy. */
export function currentNamePlatform(): NamePlatform {
  return process.platform === 'win32' ? 'win32' : 'posix';
}
