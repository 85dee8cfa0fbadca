// POSIX shell quoting for the cURL export. Printable ASCII (and LF) goes in single quotes, where nothing is special
// but the quote itself, written '\'' ; anything else (CR, NUL, other controls, bytes beyond ASCII) goes in a bash
// $'…' string with \xNN escapes, so the exact bytes survive copy and paste. A body that is not plain text is written
// as a printf format instead (printfBody): an argument cannot carry a NUL byte in any shell, a pipe can, and
// printf's three-digit octal escapes are POSIX (sh, dash), where $'…' is bash and zsh only. Pure.

function isPlain(byte: number): boolean {
  return (byte >= 0x20 && byte < 0x7f) || byte === 0x0a;
}

export function shellQuote(bytes: Buffer | string): string {
  const data = typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes;
  if (data.every(isPlain)) {
    return `'${data.toString('latin1').replace(/'/g, `'\\''`)}'`;
  }
  let text = "$'";
  for (const byte of data) {
    if (byte === 0x27 || byte === 0x5c) {
      text += `\\${String.fromCharCode(byte)}`;
    } else if (byte >= 0x20 && byte < 0x7f) {
      text += String.fromCharCode(byte);
    } else {
      text += `\\x${byte.toString(16).padStart(2, '0')}`; // bash reads at most two hex digits after \x
    }
  }
  return `${text}'`;
}

export function isPlainText(bytes: Buffer): boolean {
  return bytes.every(isPlain);
}

/** `printf 'FORMAT'`, printing exactly `bytes`: every byte that is not plain, and ' % \\, as a \ooo escape. */
export function printfBody(bytes: Buffer): string {
  let format = '';
  for (const byte of bytes) {
    const special = byte === 0x27 || byte === 0x25 || byte === 0x5c;
    format += byte >= 0x20 && byte < 0x7f && !special ? String.fromCharCode(byte) : `\\${byte.toString(8).padStart(3, '0')}`;
  }
  return `printf '${format}'`;
}
