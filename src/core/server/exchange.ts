// Per-exchange accounting: what arrived (head, body preview, the body a responder asked to keep), what was sent
// (interim and final heads, bytes), timings and the why, turned into ExchangeRecords for the 'requestStart' and
// 'request' events. Nothing is gathered for the log while nobody listens.

import type { RequestHead } from '../http/requestHead';
import type { TargetResult } from '../http/target';
import type { ExchangeRecord } from '../events';
import type { RequestContext } from './responder';

const NO_BYTES = Buffer.alloc(0);

export interface ExchangeSink {
  readonly logBodyBytes: number;
  /** Someone listens for records: only then are previews and heads kept. */
  readonly logging: boolean;
  readonly client: string;
  readonly connectionId: number;
}

function join(parts: Buffer[] | undefined): Buffer {
  return parts === undefined || parts.length === 0 ? NO_BYTES : parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

export class Exchange {
  readonly startedHr = performance.now();
  bodyBytes = 0;
  bytesSent = 0;
  status = 0;
  reason: string | undefined;
  servedInstead: string | undefined;
  notes: string[] | undefined;
  /** The 'request' record has been emitted (a connection reports each exchange once). */
  reported = false;
  responseHead: Buffer | undefined;
  interimHeads: Buffer[] | undefined;
  /** For a head that could not be parsed: what the parser got of the request line, and raw bytes not kept. */
  rejected: { method?: string; target?: string; omitted: number } | undefined;
  // Allocated on first use: most requests have no body, and a request is cheaper for each object it does not make.
  private preview: Buffer[] | undefined;
  private previewBytes = 0;
  private kept: Buffer[] | undefined;
  private keptBytes = 0;

  constructor(private readonly sink: ExchangeSink, readonly requestIndex: number, readonly startedAt: number,
    readonly head: RequestHead | undefined, readonly rawHead: Buffer, private readonly keepBodyBytes = 0) {}

  /** Body bytes as they arrive (framing included, as on the wire): counted, and previewed for the log. */
  recordWire(bytes: Buffer): void {
    this.bodyBytes += bytes.length;
    const room = this.sink.logBodyBytes - this.previewBytes;
    if (this.sink.logging && room > 0 && bytes.length > 0) {
      const copy = Buffer.from(bytes.subarray(0, room)); // copied: the source chunk may be large
      (this.preview ??= []).push(copy);
      this.previewBytes += copy.length;
    }
  }

  /** Body content (framing removed), kept up to what a responder asked for. */
  recordContent(bytes: Buffer): void {
    const room = this.keepBodyBytes - this.keptBytes;
    if (room > 0 && bytes.length > 0) {
      const copy = Buffer.from(bytes.subarray(0, room));
      (this.kept ??= []).push(copy);
      this.keptBytes += copy.length;
    }
  }

  get body(): Buffer {
    if (this.kept === undefined) {
      return NO_BYTES;
    }
    if (this.kept.length > 1) {
      this.kept.splice(0, this.kept.length, join(this.kept)); // joined once, however often it is read
    }
    return join(this.kept);
  }

  /** A responder asked for the body's content: the body reader must report it (recordContent). */
  get keepsBody(): boolean {
    return this.keepBodyBytes > 0;
  }

  note(text: string): void {
    (this.notes ??= []).push(text);
  }

  recordInterim(head: Buffer): void {
    this.bytesSent += head.length;
    if (this.sink.logging) {
      (this.interimHeads ??= []).push(head);
    }
  }

  /** `headBytes`: the head already encoded (a memoised answer's, never written into again), else it is encoded here. */
  recordHead(status: number, head: string, reason: string | undefined, servedInstead?: string, headBytes?: Buffer): void {
    this.status = status;
    this.reason = reason;
    this.servedInstead = servedInstead;
    this.bytesSent += head.length; // latin1: one byte per character
    if (this.sink.logging) {
      this.responseHead = headBytes ?? Buffer.from(head, 'latin1');
    }
  }

  toRecord(aborted: boolean): ExchangeRecord {
    const rejected = this.rejected;
    const record: ExchangeRecord = {
      startedAt: this.startedAt, client: this.sink.client, connectionId: this.sink.connectionId, requestIndex: this.requestIndex,
      method: this.head?.method ?? rejected?.method, target: this.head?.target ?? rejected?.target,
      rawHead: this.rawHead, rawHeadOmitted: rejected?.omitted ?? 0,
      bodyPreview: join(this.preview), bodyBytes: this.bodyBytes, status: this.status,
      interimHeads: this.interimHeads, responseHead: this.responseHead, bytesSent: this.bytesSent,
      durationMs: performance.now() - this.startedHr, reason: this.reason, servedInstead: this.servedInstead, notes: this.notes, aborted,
    };
    if (this.keptBytes > 0) {
      record.body = this.body; // only a body a responder kept anyway (capture mode): no copy, bounded by its cap
    }
    return record;
  }
}

/** What responders see of an exchange: a class rather than a literal with a closure, one object per request. */
export class ExchangeContext implements RequestContext {
  readonly head: RequestHead;
  readonly rawHead: Buffer;
  readonly requestIndex: number;
  readonly body: Buffer;
  readonly bodyBytes: number;

  constructor(private readonly exchange: Exchange, readonly target: TargetResult, readonly client: string, readonly connectionId: number) {
    this.head = exchange.head!;
    this.rawHead = exchange.rawHead;
    this.requestIndex = exchange.requestIndex;
    this.body = exchange.body;
    this.bodyBytes = exchange.bodyBytes;
  }

  note(text: string): void {
    this.exchange.note(text);
  }
}
