// Request-body readers that consume a body by its framing (RFC 9112 §6.3): a fixed Content-Length or the chunked
// coding (§7.1). Bodies must be consumed exactly, or the next pipelined request would be parsed from the middle of
// a body; most are then discarded, but a reader given an `onData` sink reports the content bytes (framing removed:
// chunk data only, never sizes, extensions or trailers) for a responder that keeps the body (capture mode). Pure
// state machines.
// The chunked reader, the larger state machine, lives in chunkedBody.ts.

export interface BodyProgress {
  /** Bytes of the given buffer that belong to this body. */
  consumed: number;
  done: boolean;
  error?: { status: number; reason: string };
}

export interface BodyReader {
  feed(buffer: Buffer, offset: number): BodyProgress;
}

/** Receives the body's content bytes as they are framed out: views into the fed buffer (copy to keep them). */
export type BodyDataSink = (bytes: Buffer) => void;

export class FixedLengthBodyReader implements BodyReader {
  private remaining: number;

  constructor(length: number, private readonly onData?: BodyDataSink) {
    this.remaining = length;
  }

  feed(buffer: Buffer, offset: number): BodyProgress {
    const consumed = Math.min(this.remaining, buffer.length - offset);
    this.remaining -= consumed;
    if (consumed > 0) {
      this.onData?.(buffer.subarray(offset, offset + consumed));
    }
    return { consumed, done: this.remaining === 0 };
  }
}
