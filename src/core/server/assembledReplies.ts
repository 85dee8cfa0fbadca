// Complete responses for bodies that are answered again and again (a cached file version, marked `stable`): the
// head is built and encoded once per Date second (RFC 9110 §6.6.1: Date has a one-second resolution) and, for a
// small body, copied in front of it, so a hot hit is one socket write of ready bytes — no head concatenation, no
// latin1 encoding, no writev of two chunks. Kept in a WeakMap on the body, so the memo lives exactly as long as
// the cache entry that owns the Buffer. An assembled Buffer is never written into again (a socket may still hold
// it): a new second makes a new one.

import { buildHead, type ConnectionMode } from '../http/head';
import { currentHttpDate } from '../http/httpDate';

/** Bodies up to this size are kept joined to their head (at most this much extra memory per cached file). */
const MAX_JOINED_BODY_BYTES = 16 * 1024;

export interface AssembledReply {
  /** The head as text (its length is its byte count: latin1). */
  readonly head: string;
  /** The head's bytes (a view of `joined` when the body is joined to it). */
  readonly headBytes: Buffer;
  /** Head and body in one Buffer for a small body, else undefined (write `headBytes`, then the body). */
  readonly joined: Buffer | undefined;
}

interface Entry extends AssembledReply {
  readonly date: string;
  readonly status: number;
  readonly fieldLines: string;
  readonly mode: ConnectionMode;
  readonly policyLines: string;
}

const assembled = new WeakMap<Buffer, Entry>();

/** The response for `body` as it must read now; rebuilt when the second, the lines or the connection mode change. */
export function assembledReply(status: number, fieldLines: string, mode: ConnectionMode, policyLines: string, body: Buffer): AssembledReply {
  const date = currentHttpDate();
  const known = assembled.get(body);
  // Strings compare by identity first: the responder hands back the same memoised lines on every hit.
  if (known !== undefined && known.date === date && known.status === status && known.mode === mode
    && known.fieldLines === fieldLines && known.policyLines === policyLines) {
    return known;
  }
  const head = buildHead(status, fieldLines, mode, policyLines, date);
  let joined: Buffer | undefined;
  let headBytes: Buffer;
  if (body.length <= MAX_JOINED_BODY_BYTES) {
    joined = Buffer.allocUnsafe(head.length + body.length);
    joined.write(head, 0, 'latin1');
    body.copy(joined, head.length);
    headBytes = joined.subarray(0, head.length);
  } else {
    headBytes = Buffer.from(head, 'latin1');
  }
  const entry: Entry = { date, status, fieldLines, mode, policyLines, head, headBytes, joined };
  assembled.set(body, entry);
  return entry;
}
