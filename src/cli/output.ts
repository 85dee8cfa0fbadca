// The CLI's request log on stdout. Records are formatted in batches — 20 ms after the first one, or at the end of
// the turn in which 2,000 are waiting — in one tight loop, straight into bytes (the summary line by summaryBytes.ts; raw head bytes
// that print as they are are copied, not decoded and re-encoded), and go out in one write. Measured on the
// 1 KiB keep-alive bench: one by one between requests cost three times as much (every request evicted the
// formatter from the CPU caches), and even asking for the end of each turn (a setImmediate per turn) cost 3.5% of
// the throughput, so a timer alone decides. 20 ms is below what a person watching can tell. Memory stays bounded
// when stdout cannot keep up (a pipe to a slow reader is asynchronous): while the stream wants draining, entries
// wait, up to MAX_WAITING_BYTES; beyond that they are dropped and counted, serving goes on at full speed, and a
// line in their place says how many were not shown. A closed pipe (`| head`) silences the log, never the server.

import type { ExchangeRecord } from '../core/events';
import { writeLogEntry, type LogFormatOptions, type LogSink } from '../core/log/logFormat';
import { SUMMARY_BYTES_ROOM, writeSummaryBytes } from '../core/log/summaryBytes';

/** Entries are written into chunks of this size; a piece larger than a chunk gets a Buffer of its own. */
const CHUNK_BYTES = 64 * 1024;
/** Bytes kept waiting for a slow stdout before entries are dropped. */
export const MAX_WAITING_BYTES = 4 * 1024 * 1024;
/** Records waiting that are formatted and written at the end of the turn; fewer wait up to `writeDelayMs`. */
export const BATCH_RECORDS = 2000;
export const DEFAULT_WRITE_DELAY_MS = 20;

export class LogOutput implements LogSink {
  private chunk = Buffer.allocUnsafe(CHUNK_BYTES);
  /** chunk[flushedTo, used) is written but not yet handed to the stream; before flushedTo it belongs to the stream. */
  private used = 0;
  private flushedTo = 0;
  /** Filled pieces waiting for the next flush, in order. */
  private readonly ready: Buffer[] = [];
  private readyBytes = 0;
  private scheduled = false;
  private draining = false;
  private dropped = 0;
  private broken = false;
  /** Records taken and not yet formatted. */
  private records: ExchangeRecord[] = [];
  private writeTimer: NodeJS.Timeout | undefined;

  constructor(private readonly stream: NodeJS.WritableStream, private readonly options: LogFormatOptions,
    private readonly writeDelayMs = DEFAULT_WRITE_DELAY_MS) {
    stream.on('error', () => {
      this.broken = true;
    });
    stream.on('drain', () => {
      this.draining = false;
      if (this.dropped > 0) {
        this.text(notShownLine(this.dropped));
        this.dropped = 0;
      }
      this.flush();
    });
  }

  /** Takes one record: formatted and written after the delay, or after this turn (a full batch, or no delay). */
  entry(record: ExchangeRecord): void {
    if (this.broken) {
      return;
    }
    this.records.push(record);
    if (this.writeDelayMs <= 0 || this.records.length >= BATCH_RECORDS) {
      // Not inside this call: it runs in the server's 'request' event, before the other listeners (--har) and
      // while a connection is between two steps. One setImmediate per full batch costs nothing measurable.
      this.flushAfterTurn();
    } else {
      this.writeTimer ??= setTimeout(() => this.flush(), this.writeDelayMs);
    }
  }

  text(piece: string): void {
    // Worst case 3 UTF-8 bytes per UTF-16 unit (a surrogate pair: 4 bytes for 2 units).
    const most = piece.length * 3;
    if (most > CHUNK_BYTES - this.used) {
      if (most > CHUNK_BYTES) {
        this.take(Buffer.from(piece, 'utf8'));
        return;
      }
      this.nextChunk();
    }
    this.used += this.chunk.write(piece, this.used, 'utf8');
  }

  shownAsIs(bytes: Buffer): void {
    if (bytes.length > CHUNK_BYTES - this.used) {
      if (bytes.length > CHUNK_BYTES) {
        this.take(Buffer.from(bytes));
        return;
      }
      this.nextChunk();
    }
    this.chunk.set(bytes, this.used);
    this.used += bytes.length;
  }

  summaryLine(entry: ExchangeRecord): boolean {
    if (CHUNK_BYTES - this.used < SUMMARY_BYTES_ROOM) {
      this.nextChunk();
    }
    const end = writeSummaryBytes(entry, this.chunk, this.used);
    if (end === -1) {
      return false;
    }
    this.used = end;
    return true;
  }

  /** Formats the records taken, and hands everything pending to the stream unless it asked to be drained first. */
  flush(): void {
    clearTimeout(this.writeTimer);
    this.writeTimer = undefined;
    this.format();
    this.writeOut();
  }

  /** One write at the end of this turn of the event loop, for all the records taken by then. */
  private flushAfterTurn(): void {
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.flush();
      });
    }
  }

  private format(): void {
    const records = this.records;
    this.records = [];
    for (const record of records) {
      if (this.draining && this.pendingBytes >= MAX_WAITING_BYTES) {
        this.dropped++;
      } else {
        writeLogEntry(record, this.options, this);
      }
    }
  }

  private writeOut(): void {
    this.cutChunk();
    if (this.broken || this.draining || this.ready.length === 0) {
      return;
    }
    const pieces = this.ready.splice(0, this.ready.length);
    this.readyBytes = 0;
    for (const piece of pieces) {
      if (!this.stream.write(piece)) {
        this.draining = true; // the rest is already queued in the stream; what comes next waits for 'drain'
      }
    }
  }

  private get pendingBytes(): number {
    return this.readyBytes + this.used - this.flushedTo;
  }

  /** Moves the unflushed part of the chunk to `ready`; the chunk is never written into there again. */
  private cutChunk(): void {
    if (this.used > this.flushedTo) {
      this.ready.push(this.chunk.subarray(this.flushedTo, this.used));
      this.readyBytes += this.used - this.flushedTo;
      this.flushedTo = this.used;
    }
  }

  private nextChunk(): void {
    this.cutChunk();
    this.chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    this.used = this.flushedTo = 0;
  }

  private take(piece: Buffer): void {
    this.cutChunk();
    this.ready.push(piece);
    this.readyBytes += piece.length;
  }
}

/** Said where the dropped entries would have been, in the form of the CLI's notices. */
export function notShownLine(count: number): string {
  return `raw-http-server: warning: ${count} request${count === 1 ? '' : 's'} not shown: stdout could not keep up\n`;
}
