// Binary bytes for people: the classic "hexdump -C" layout (offset, 16 bytes in hex in two groups of 8, the
// printable ASCII beside them), so a body that is not text can still be read byte for byte. Pure.

const BYTES_PER_LINE = 16;

function printable(byte: number): string {
  return byte >= 0x20 && byte < 0x7f ? String.fromCharCode(byte) : '.';
}

/** One line per 16 bytes: "00000010  48 54 54 50 2f 31 2e 31  20 32 30 30 20 4f 4b 0d  |HTTP/1.1 200 OK.|". */
export function hexDump(bytes: Buffer): string[] {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += BYTES_PER_LINE) {
    const slice = bytes.subarray(offset, offset + BYTES_PER_LINE);
    const hex: string[] = [];
    for (let i = 0; i < BYTES_PER_LINE; i++) {
      hex.push(i < slice.length ? slice[i].toString(16).padStart(2, '0') : '  ');
    }
    const ascii = Array.from(slice, printable).join('');
    lines.push(`${offset.toString(16).padStart(8, '0')}  ${hex.slice(0, 8).join(' ')}  ${hex.slice(8).join(' ')}  |${ascii}|`);
  }
  return lines;
}
