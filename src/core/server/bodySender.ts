// Streams a byte range of an open file to a socket with back-pressure and bounded memory: at most two chunk
// buffers per download are in flight (one being read while the other is written), and a buffer is read into again
// only after the socket has handed it to the kernel. Buffers come from a small shared pool, so a fast download
// does not leave a trail of garbage (a ReadStream allocates a fresh chunk per read). Short reads (the file shrank
// or vanished) are failures: the promised Content-Length can then only be broken by closing the connection.

import * as fs from 'node:fs';
import type * as net from 'node:net';

/** Large reads amortise per-chunk costs; 256 KiB keeps a loopback socket busy. */
const CHUNK_BYTES = 256 * 1024;
const BUFFERS_PER_SEND = 2;
/** Idle buffers kept for reuse across downloads (16 MiB at most). */
const POOL_LIMIT = 64;
const pool: Buffer[] = [];

function takeBuffer(): Buffer {
  return pool.pop() ?? Buffer.allocUnsafeSlow(CHUNK_BYTES);
}

function returnBuffer(buffer: Buffer): void {
  if (pool.length < POOL_LIMIT) {
    pool.push(buffer);
  }
}

export interface SendOutcome {
  bytes: number;
  failure?: string;
}

export class FileSender {
  private position: number;
  private remaining: number;
  private bytes = 0;
  private reading = false;
  private writesInFlight = 0;
  private done = false;
  private fdClosed = false;
  lastProgressAt = Date.now();

  constructor(private readonly socket: net.Socket, private readonly file: { fd: number; start: number; end: number },
    private readonly onDone: (outcome: SendOutcome) => void) {
    this.position = file.start;
    this.remaining = file.end - file.start + 1;
  }

  start(): void {
    this.pump();
  }

  /** The socket closed: stop and release the file (once no read is pending on it). Returns bytes sent. */
  stop(): number {
    this.done = true;
    this.closeFdWhenIdle();
    return this.bytes;
  }

  private pump(): void {
    if (this.done || this.reading || this.remaining === 0 || this.writesInFlight >= BUFFERS_PER_SEND) {
      return;
    }
    this.reading = true;
    const buffer = takeBuffer();
    fs.read(this.file.fd, buffer, 0, Math.min(CHUNK_BYTES, this.remaining), this.position, (error, bytesRead) => {
      this.reading = false;
      this.onRead(buffer, error, bytesRead);
    });
  }

  private onRead(buffer: Buffer, error: NodeJS.ErrnoException | null, bytesRead: number): void {
    if (this.done) {
      returnBuffer(buffer);
      this.closeFdWhenIdle();
      return;
    }
    if (error || bytesRead === 0) {
      returnBuffer(buffer);
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
      if (writeError) {
        return; // the socket is going away; 'close' calls stop(). The buffer may still be referenced: drop it.
      }
      returnBuffer(buffer);
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
    fs.close(this.file.fd, () => { /* nothing useful to do if closing fails */ });
  }
}
