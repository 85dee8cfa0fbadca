// Request-body readers that consume and discard a body by its framing (RFC 9112 §6.3): a fixed Content-Length or
// the chunked coding (§7.1). The server serves files only, so bodies are never kept — but they must be consumed
// exactly, or the next pipelined request would be parsed from the middle of a body. Pure state machines.

export interface BodyProgress {
  /** Bytes of the given buffer that belong to this body. */
  consumed: number;
  done: boolean;
  error?: { status: number; reason: string };
}

export interface BodyReader {
  feed(buffer: Buffer, offset: number): BodyProgress;
}

export class FixedLengthBodyReader implements BodyReader {
  private remaining: number;

  constructor(length: number) {
    this.remaining = length;
  }

  feed(buffer: Buffer, offset: number): BodyProgress {
    const consumed = Math.min(this.remaining, buffer.length - offset);
    this.remaining -= consumed;
    return { consumed, done: this.remaining === 0 };
  }
}

const enum ChunkState { Size, Extension, SizeLf, Data, DataCr, DataLf, TrailerStart, Trailer, TrailerLf, FinalLf, Done }

const MAX_SIZE_DIGITS = 8; // 0xFFFFFFFF already far exceeds any body we accept
const MAX_LINE_EXTRA = 4096; // chunk extensions and trailer lines: ignored, but bounded

/**
 * chunked-body = *chunk last-chunk trailer-section CRLF; chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF.
 * Strict: hex sizes only, CRLF only (a bare LF is an error), chunk data bounded by `maxDataBytes`.
 */
export class ChunkedBodyReader implements BodyReader {
  private state = ChunkState.Size;
  private size = 0;
  private sizeDigits = 0;
  private remaining = 0;
  private lineBytes = 0;
  private dataBytes = 0;

  constructor(private readonly maxDataBytes: number) {}

  feed(buffer: Buffer, offset: number): BodyProgress {
    let i = offset;
    while (i < buffer.length && this.state !== ChunkState.Done) {
      if (this.state === ChunkState.Data) {
        const take = Math.min(this.remaining, buffer.length - i);
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) {
          this.state = ChunkState.DataCr;
        }
        continue;
      }
      const failure = this.step(buffer[i]);
      i++;
      if (failure) {
        return { consumed: i - offset, done: false, error: failure };
      }
    }
    return { consumed: i - offset, done: this.state === ChunkState.Done };
  }

  private step(byte: number): { status: number; reason: string } | undefined {
    const bad = (what: string) => ({ status: 400, reason: `malformed chunked body (${what}) → 400` });
    switch (this.state) {
      case ChunkState.Size: {
        const digit = hexValue(byte);
        if (digit >= 0) {
          if (++this.sizeDigits > MAX_SIZE_DIGITS) {
            return bad('chunk size too long');
          }
          this.size = this.size * 16 + digit;
          return undefined;
        }
        if (this.sizeDigits === 0) {
          return bad('missing chunk size');
        }
        if (byte === 0x3b /* ; */) {
          this.state = ChunkState.Extension;
          this.lineBytes = 0;
          return undefined;
        }
        if (byte === 13) {
          this.state = ChunkState.SizeLf;
          return undefined;
        }
        return bad('invalid chunk size');
      }
      case ChunkState.Extension:
        if (byte === 13) {
          this.state = ChunkState.SizeLf;
          return undefined;
        }
        return byte === 10 || ++this.lineBytes > MAX_LINE_EXTRA ? bad('chunk extension') : undefined;
      case ChunkState.SizeLf:
        return byte === 10 ? this.startChunk() : bad('CR without LF after the chunk size');
      case ChunkState.DataCr:
        this.state = ChunkState.DataLf;
        return byte === 13 ? undefined : bad('chunk data longer than its size');
      case ChunkState.DataLf:
        this.state = ChunkState.Size;
        this.size = 0;
        this.sizeDigits = 0;
        return byte === 10 ? undefined : bad('CR without LF after chunk data');
      case ChunkState.TrailerStart:
        if (byte === 13) {
          this.state = ChunkState.FinalLf;
          return undefined;
        }
        this.state = ChunkState.Trailer;
        this.lineBytes = 1;
        return byte === 10 ? bad('bare LF in the trailer section') : undefined;
      case ChunkState.Trailer:
        if (byte === 13) {
          this.state = ChunkState.TrailerLf;
          return undefined;
        }
        return byte === 10 || ++this.lineBytes > MAX_LINE_EXTRA ? bad('trailer field') : undefined;
      case ChunkState.TrailerLf:
        this.state = ChunkState.TrailerStart;
        return byte === 10 ? undefined : bad('CR without LF in the trailer section');
      case ChunkState.FinalLf:
        this.state = ChunkState.Done;
        return byte === 10 ? undefined : bad('CR without LF at the end');
      default:
        return bad('unexpected state');
    }
  }

  private startChunk(): { status: number; reason: string } | undefined {
    if (this.size === 0) {
      this.state = ChunkState.TrailerStart;
      return undefined;
    }
    this.dataBytes += this.size;
    if (this.dataBytes > this.maxDataBytes) {
      return { status: 413, reason: `request body over ${Math.round(this.maxDataBytes / 1024)} KiB → 413` };
    }
    this.remaining = this.size;
    this.state = ChunkState.Data;
    return undefined;
  }
}

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) {
    return byte - 48;
  }
  const lower = byte | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}
