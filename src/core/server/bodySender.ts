// Sends a reply body that is not in memory, with back-pressure and bounded memory: a byte range of an open file
// (at most two buffers in flight — one being read while the other is written — or one under memory pressure; a
// buffer is read into again only after the socket handed it to the kernel) or a stream of chunks (the next chunk is
// pulled only after the previous one was written). A short read or a stream that ends early is a failure: the
// promised Content-Length can then only be broken by closing the connection.

import * as fs from 'node:fs';
import type * as net from 'node:net';
import { closeQuietly } from '../closeQuietly';
import type { BufferPool } from './bufferPool';

export interface SendOutcome {
  bytes: number;
  failure?: string;
}

export interface BodySender {
  /** When the socket last accepted bytes from this sender (the send-stall deadline). */
  readonly lastProgressAt: number;
  start(): void;
  /** The socket closed: stop and release what is held. Returns the bytes sent. */
  stop(): number;
}

export class FileRangeSender implements BodySender {
  private position: number;
  private remaining: number;
  private bytes = 0;
  private reading = false;
  private writesInFlight = 0;
  private done = false;
  private fdClosed = false;
  lastProgressAt = Date.now();

  constructor(private readonly socket: net.Socket, private readonly pool: BufferPool,
    private readonly file: { fd: number; start: number; end: number }, private readonly onDone: (outcome: SendOutcome) => void) {
    this.position = file.start;
    this.remaining = file.end - file.start + 1;
  }

  start(): void {
    this.pump();
  }

  stop(): number {
    this.done = true;
    this.closeFdWhenIdle();
    return this.bytes;
  }

  private pump(): void {
    const inFlightLimit = this.pool.underPressure ? 1 : 2;
    if (this.done || this.reading || this.remaining === 0 || this.writesInFlight >= inFlightLimit) {
      return;
    }
    this.reading = true;
    const buffer = this.pool.take();
    fs.read(this.file.fd, buffer, 0, Math.min(buffer.length, this.remaining), this.position, (error, bytesRead) => {
      this.reading = false;
      this.onRead(buffer, error, bytesRead);
    });
  }

  private onRead(buffer: Buffer, error: NodeJS.ErrnoException | null, bytesRead: number): void {
    if (this.done) {
      this.pool.give(buffer);
      this.closeFdWhenIdle();
      return;
    }
    if (error || bytesRead === 0) {
      this.pool.give(buffer);
      const expected = this.file.end - this.file.start + 1;
      this.settle(error ? `read error ${error.code ?? error.message} while sending`
        : `file shrank while sending (${this.bytes} of ${expected} bytes)`);
      return;
    }
    this.position += bytesRead;
    this.remaining -= bytesRead;
    this.bytes += bytesRead;
    this.lastProgressAt = Date.now();
    this.writesInFlight++;
    this.socket.write(bytesRead === buffer.length ? buffer : buffer.subarray(0, bytesRead), (writeError) => {
      this.writesInFlight--;
      // After a failed write the socket may still reference the buffer: account for it, never reuse it.
      this.pool.give(buffer, !writeError);
      if (writeError) {
        return; // the socket is going away; 'close' calls stop()
      }
      this.lastProgressAt = Date.now();
      if (this.remaining === 0 && this.writesInFlight === 0) {
        this.settle(undefined);
      } else {
        this.pump();
      }
    });
    this.pump();
  }

  private settle(failure: string | undefined): void {
    if (this.done) {
      return;
    }
    this.done = true;
    this.closeFdWhenIdle();
    this.onDone({ bytes: this.bytes, failure });
  }

  /** Closes the descriptor, but never under a pending read (the number could be reused by another open). */
  private closeFdWhenIdle(): void {
    if (this.reading || this.fdClosed) {
      return;
    }
    this.fdClosed = true;
    closeQuietly(this.file.fd);
  }
}

export class StreamSender implements BodySender {
  private bytes = 0;
  private done = false;
  lastProgressAt = Date.now();

  constructor(private readonly socket: net.Socket, private readonly chunks: AsyncIterable<Buffer>, private readonly length: number,
    private readonly onDone: (outcome: SendOutcome) => void) {}

  start(): void {
    void this.run();
  }

  stop(): number {
    this.done = true;
    return this.bytes;
  }

  private async run(): Promise<void> {
    const iterator = this.chunks[Symbol.asyncIterator]();
    try {
      while (!this.done && this.bytes < this.length) {
        const next = await iterator.next();
        if (next.done || this.done) {
          break;
        }
        const chunk = next.value.subarray(0, this.length - this.bytes);
        this.bytes += chunk.length;
        await new Promise<void>((resolve, reject) => this.socket.write(chunk, (error) => (error ? reject(error) : resolve())));
        this.lastProgressAt = Date.now();
      }
    } catch (error) {
      if (!this.done) {
        this.settle(`stream failed while sending: ${error instanceof Error ? error.message : String(error)}`);
      }
      return;
    } finally {
      void iterator.return?.();
    }
    this.settle(this.bytes < this.length ? `stream ended early (${this.bytes} of ${this.length} bytes)` : undefined);
  }

  private settle(failure: string | undefined): void {
    if (this.done) {
      return;
    }
    this.done = true;
    this.onDone({ bytes: this.bytes, failure });
  }
}
