// The CLI's request log on stdout. Records are formatted in batches — 20 ms after the first one, or at the end of
// the turn in which 2,000 are waiting — in one tight loop (one by one between requests cost three times as much:
// every request evicted the formatter from the CPU caches; a batch of a turn, ~16 requests at full load, still
// cost 1.5× a large one), straight into bytes (raw head bytes that print as they are are copied, not decoded and
// re-encoded), and go out in one write. 20 ms is below what a person watching can tell. Memory stays bounded when stdout cannot keep up (a pipe to a slow reader is asynchronous): while the stream wants draining,
// entries wait, up to MAX_WAITING_BYTES; beyond that they are dropped and counted, serving goes on at full speed, and
// a line in their place says how many were not shown. A closed pipe (`| head`) silences the log, never the server.

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
  /** Records of this turn, formatted when it is over. */
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

  /** Takes one record; it is formatted and written once this turn of the event loop is over. */
  entry(record: ExchangeRecord): void {
    if (this.broken) {
      return;
    }
    this.records.push(record);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => {
        this.scheduled = false;
        this.endTurn();
      });
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

  /** After a turn: a full batch is formatted and written now; a smaller one waits for the delay. */
  private endTurn(): void {
    if (this.records.length >= BATCH_RECORDS || this.writeDelayMs <= 0) {
      this.flush();
    } else if (this.records.length > 0) {
      this.writeTimer ??= setTimeout(() => this.flush(), this.writeDelayMs);
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
