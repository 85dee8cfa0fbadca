// Streams a byte range of an open file to a socket with back-pressure: reads pause while the socket's buffer is
// full, so a slow client holds one file stream and no memory. Reports short reads (the file shrank or vanished)
// as failures, because the promised Content-Length can then only be broken by closing the connection.

import * as fs from 'node:fs';
import type * as net from 'node:net';

/** Large reads amortise per-chunk costs; 256 KiB keeps the socket's buffer busy on loopback. */
const READ_CHUNK_BYTES = 256 * 1024;

export interface SendOutcome {
  bytes: number;
  failure?: string;
}

export class FileSender {
  private stream: fs.ReadStream | undefined;
  private bytes = 0;
  private done = false;
  lastProgressAt = Date.now();

  constructor(private readonly socket: net.Socket, private readonly file: { fd: number; start: number; end: number },
    private readonly onDone: (outcome: SendOutcome) => void) {}

  start(): void {
    const expected = this.file.end - this.file.start + 1;
    const stream = fs.createReadStream('', { fd: this.file.fd, start: this.file.start, end: this.file.end,
      highWaterMark: READ_CHUNK_BYTES, autoClose: true });
    this.stream = stream;
    stream.on('data', (chunk) => {
      this.bytes += chunk.length;
      this.lastProgressAt = Date.now();
      if (!this.socket.write(chunk)) {
        stream.pause();
      }
    });
    stream.on('end', () => this.settle(this.bytes === expected ? undefined
      : `file shrank while sending (${this.bytes} of ${expected} bytes)`));
    stream.on('error', (error: NodeJS.ErrnoException) => this.settle(`read error ${error.code ?? error.message} while sending`));
  }

  onDrain(): void {
    this.lastProgressAt = Date.now();
    this.stream?.resume();
  }

  /** The socket closed: release the file at once. Returns the bytes handed to the socket. */
  stop(): number {
    this.done = true;
    this.stream?.destroy();
    return this.bytes;
  }

  private settle(failure: string | undefined): void {
    if (this.done) {
      return;
    }
    this.done = true;
    this.stream?.destroy();
    this.onDone({ bytes: this.bytes, failure });
  }
}
