// The chunked transfer coding's reader (RFC 9112 §7.1): chunk sizes, chunk extensions and the trailer section,
// checked byte by byte against their grammar, with the chunk data handed to the optional sink. Split from
// bodyFraming.ts, which holds the BodyReader contract it implements and the Content-Length reader. A pure state
// machine.

import { FIELD_VALUE_CHAR, QDTEXT, TCHAR } from './charClasses';
import type { BodyDataSink, BodyProgress, BodyReader } from './bodyFraming';

const enum ChunkState {
  Size, SizeLf, Data, DataCr, DataLf,
  // chunk-ext (RFC 9112 §7.1.1): *( BWS ";" BWS ext-name [ BWS "=" BWS ext-val ] ), ext-val = token / quoted-string.
  ExtBws, ExtNameStart, ExtName, ExtNameBws, ExtValueStart, ExtToken, ExtQuoted, ExtQuotedPair, ExtQuotedEnd,
  // trailer-section (RFC 9112 §7.1.2): *( field-line CRLF ), then the final CRLF.
  TrailerStart, TrailerName, TrailerValue, TrailerLf, FinalLf, Done,
}

/** States whose bytes are chunk extensions or trailer lines: counted against the body limit and the line bound. */
const EXTRA_STATES = new Set<ChunkState>([
  ChunkState.ExtBws, ChunkState.ExtNameStart, ChunkState.ExtName, ChunkState.ExtNameBws, ChunkState.ExtValueStart,
  ChunkState.ExtToken, ChunkState.ExtQuoted, ChunkState.ExtQuotedPair, ChunkState.ExtQuotedEnd,
  ChunkState.TrailerName, ChunkState.TrailerValue, ChunkState.TrailerLf,
]);

const MAX_SIZE_DIGITS = 8; // 0xFFFFFFFF already far exceeds any body we accept
const MAX_LINE_EXTRA = 4096; // one chunk-ext or trailer line: ignored, but bounded
const CR = 13;
const LF = 10;
const SEMICOLON = 0x3b;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

type Failure = { status: number; reason: string };

function bad(what: string): Failure {
  return { status: 400, reason: `malformed chunked body (${what})` };
}

function isBws(byte: number): boolean {
  return byte === 32 || byte === 9;
}

/**
 * chunked-body = *chunk last-chunk trailer-section CRLF; chunk = chunk-size [ chunk-ext ] CRLF chunk-data CRLF.
 * Strict, like llhttp's strict mode: hex sizes only, CRLF only (a bare LF is an error), chunk extensions and trailer
 * lines checked against their grammar. Chunk data, extension bytes and trailer bytes together are bounded by
 * `maxDataBytes`, so a client cannot stream endless extensions or trailers. One byte at a time outside chunk data,
 * so any split of the input gives the same answer.
 */
export class ChunkedBodyReader implements BodyReader {
  private state = ChunkState.Size;
  private size = 0;
  private sizeDigits = 0;
  private remaining = 0;
  private lineBytes = 0;
  private dataBytes = 0;

  constructor(private readonly maxDataBytes: number, private readonly onData?: BodyDataSink) {}

  feed(buffer: Buffer, offset: number): BodyProgress {
    let i = offset;
    while (i < buffer.length && this.state !== ChunkState.Done) {
      if (this.state === ChunkState.Data) {
        const take = Math.min(this.remaining, buffer.length - i);
        if (take > 0) {
          this.onData?.(buffer.subarray(i, i + take)); // chunk-data only (RFC 9112 §7.1): the decoded content
        }
        i += take;
        this.remaining -= take;
        if (this.remaining === 0) {
          this.state = ChunkState.DataCr;
        }
        continue;
      }
      const byte = buffer[i];
      // Line ends are framing, not extension or trailer bytes: only the latter are counted.
      const counted = EXTRA_STATES.has(this.state) && byte !== CR && byte !== LF;
      const failure = (counted ? this.countExtra() : undefined) ?? this.step(byte);
      i++;
      if (failure) {
        return { consumed: i - offset, done: false, error: failure };
      }
    }
    return { consumed: i - offset, done: this.state === ChunkState.Done };
  }

  private step(byte: number): Failure | undefined {
    switch (this.state) {
      case ChunkState.Size:
        return this.sizeByte(byte);
      case ChunkState.SizeLf:
        return byte === LF ? this.startChunk() : bad('CR without LF after the chunk size');
      case ChunkState.DataCr:
        this.state = ChunkState.DataLf;
        return byte === CR ? undefined : bad('chunk data longer than its size');
      case ChunkState.DataLf:
        this.state = ChunkState.Size;
        this.size = 0;
        this.sizeDigits = 0;
        return byte === LF ? undefined : bad('CR without LF after chunk data');
      case ChunkState.TrailerStart:
        return this.trailerLineStart(byte);
      case ChunkState.TrailerName:
        return byte === 0x3a /* : */ ? this.to(ChunkState.TrailerValue) : this.stay(TCHAR[byte] === 1, 'trailer field name');
      case ChunkState.TrailerValue:
        // field-line = field-name ":" OWS field-value OWS: SP, HTAB, VCHAR and obs-text only (RFC 9112 §5).
        return byte === CR ? this.to(ChunkState.TrailerLf) : this.stay(FIELD_VALUE_CHAR[byte] === 1, 'trailer field value');
      case ChunkState.TrailerLf:
        return byte === LF ? this.to(ChunkState.TrailerStart) : bad('CR without LF in the trailer section');
      case ChunkState.FinalLf:
        return byte === LF ? this.to(ChunkState.Done) : bad('CR without LF at the end');
      default:
        return this.extensionByte(byte);
    }
  }

  private sizeByte(byte: number): Failure | undefined {
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
    if (byte === CR) {
      return this.to(ChunkState.SizeLf);
    }
    if (byte === SEMICOLON || isBws(byte)) {
      this.lineBytes = 0;
      this.state = byte === SEMICOLON ? ChunkState.ExtNameStart : ChunkState.ExtBws;
      return this.countExtra();
    }
    return bad('invalid chunk size');
  }

  /** One byte of chunk-ext; every path that is not the grammar is a 400 (an empty name, an unclosed quote, …). */
  private extensionByte(byte: number): Failure | undefined {
    switch (this.state) {
      case ChunkState.ExtBws: // whitespace after the size or a value: only another ";" may follow
        return byte === SEMICOLON ? this.to(ChunkState.ExtNameStart) : this.stay(isBws(byte), 'chunk extension');
      case ChunkState.ExtNameStart:
        return TCHAR[byte] === 1 ? this.to(ChunkState.ExtName) : this.stay(isBws(byte), 'chunk extension without a name');
      case ChunkState.ExtName:
        if (TCHAR[byte] === 1) {
          return undefined;
        }
        if (this.endsExtItem(byte)) {
          return undefined;
        }
        return byte === EQUALS ? this.to(ChunkState.ExtValueStart)
          : isBws(byte) ? this.to(ChunkState.ExtNameBws) : bad('chunk extension name');
      case ChunkState.ExtNameBws:
        return byte === EQUALS ? this.to(ChunkState.ExtValueStart)
          : byte === SEMICOLON ? this.to(ChunkState.ExtNameStart) : this.stay(isBws(byte), 'chunk extension');
      case ChunkState.ExtValueStart:
        return byte === QUOTE ? this.to(ChunkState.ExtQuoted)
          : TCHAR[byte] === 1 ? this.to(ChunkState.ExtToken) : this.stay(isBws(byte), 'chunk extension without a value');
      case ChunkState.ExtToken:
        return TCHAR[byte] === 1 || this.endsExtItem(byte) ? undefined : this.afterValue(byte);
      case ChunkState.ExtQuoted: // quoted-string = DQUOTE *( qdtext / quoted-pair ) DQUOTE (RFC 9110 §5.6.4)
        return byte === QUOTE ? this.to(ChunkState.ExtQuotedEnd) : byte === BACKSLASH ? this.to(ChunkState.ExtQuotedPair)
          : this.stay(QDTEXT[byte] === 1, 'chunk extension quoted value');
      case ChunkState.ExtQuotedPair:
        return FIELD_VALUE_CHAR[byte] === 1 ? this.to(ChunkState.ExtQuoted) : bad('chunk extension quoted value');
      case ChunkState.ExtQuotedEnd:
        return this.endsExtItem(byte) ? undefined : this.afterValue(byte);
      default:
        return bad('unexpected state');
    }
  }

  /** After a complete name or value: ";" starts the next extension, CR ends the size line. False for other bytes. */
  private endsExtItem(byte: number): boolean {
    if (byte !== SEMICOLON && byte !== CR) {
      return false;
    }
    this.state = byte === SEMICOLON ? ChunkState.ExtNameStart : ChunkState.SizeLf;
    return true;
  }

  /** After a value only whitespace (then ";") may follow. */
  private afterValue(byte: number): Failure | undefined {
    return isBws(byte) ? this.to(ChunkState.ExtBws) : bad('chunk extension value');
  }

  private trailerLineStart(byte: number): Failure | undefined {
    if (byte === CR) {
      return this.to(ChunkState.FinalLf);
    }
    if (TCHAR[byte] !== 1) {
      // A leading SP/HTAB would be obs-fold, which RFC 9112 §5.2 lets us reject; a bare LF ends nothing.
      return bad(byte === LF ? 'bare LF in the trailer section' : 'trailer field name');
    }
    this.lineBytes = 0;
    this.state = ChunkState.TrailerName;
    return this.countExtra();
  }

  /** Counts one extension or trailer byte: against the line bound (400) and the whole body's limit (413). */
  private countExtra(): Failure | undefined {
    if (++this.dataBytes > this.maxDataBytes) {
      return this.tooLarge();
    }
    if (++this.lineBytes > MAX_LINE_EXTRA) {
      return bad(this.state >= ChunkState.TrailerStart ? 'trailer line too long' : 'chunk extension too long');
    }
    return undefined;
  }

  private to(state: ChunkState): undefined {
    this.state = state;
    return undefined;
  }

  private stay(allowed: boolean, what: string): Failure | undefined {
    return allowed ? undefined : bad(what);
  }

  private tooLarge(): Failure {
    return { status: 413, reason: `request body over ${Math.round(this.maxDataBytes / 1024)} KiB` };
  }

  private startChunk(): Failure | undefined {
    if (this.size === 0) {
      return this.to(ChunkState.TrailerStart);
    }
    this.dataBytes += this.size;
    if (this.dataBytes > this.maxDataBytes) {
      return this.tooLarge();
    }
    this.remaining = this.size;
    return this.to(ChunkState.Data);
  }
}

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) {
    return byte - 48;
  }
  const lower = byte | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}
