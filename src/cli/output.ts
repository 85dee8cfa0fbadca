// Batched writer for the CLI's request log: many small writes become one write per ~50 ms or 64 KiB, because
// stdout to a file or pipe is synchronous on Linux and a write per request would slow serving.

const FLUSH_BYTES = 64 * 1024;
const FLUSH_INTERVAL_MS = 50;

export class BatchedWriter {
  private parts: string[] = [];
  private size = 0;
  private timer: NodeJS.Timeout | undefined;
  private broken = false;

  constructor(private readonly stream: NodeJS.WriteStream) {
    // A closed pipe (`| head`) must silence the log, not crash the server.
    stream.on('error', () => { this.broken = true; });
  }

  write(text: string): void {
    if (this.broken) {
      return;
    }
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= FLUSH_BYTES) {
      this.flush();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.flush(), FLUSH_INTERVAL_MS);
    }
  }

  flush(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.parts.length === 0 || this.broken) {
      return;
    }
    const text = this.parts.join('');
    this.parts = [];
    this.size = 0;
    this.stream.write(text);
  }
}
