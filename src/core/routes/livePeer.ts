// One open live-reload page on its WebSocket: decodes its frames, answers pings, runs the close handshake both ways
// (RFC 6455 §7.1), closes with the matching code when the page breaks the protocol, and keeps what the page
// reports it uses. The socket comes from the connection layer after the 101; this file only sees a Duplex.

import type { Socket } from 'node:net';
import { CLOSE_CODE, encodeClose, encodeFrame, OPCODE } from '../http/websocket';
import { FrameDecoder, type FrameEvent } from '../http/websocketDecoder';
import type { PageUsage } from './liveChanges';

export interface PeerLimits {
  /** Largest message a page may send (its resource list). */
  maxMessageBytes: number;
  /** Most resource paths kept per page. */
  maxResources: number;
  /**
   * Most characters of resource paths kept per page, all paths together. The count alone allowed 2000 paths of
   * 4 KiB each (8 MB) per socket, so a local client with many sockets could grow the process by gigabytes.
   */
  maxResourceChars: number;
  /** How long to wait for the page's Close after ours before dropping the TCP connection. */
  closeTimeoutMs: number;
}

/** A write queue beyond this means the page stopped reading: drop it rather than buffer without bound. */
const MAX_QUEUED_BYTES = 1 << 20;
const MAX_PATH_LENGTH = 4096;

export class LivePeer implements PageUsage {
  page: string | undefined;
  readonly resources = new Set<string>();
  /** Characters held in `resources` (see PeerLimits.maxResourceChars). */
  private resourceChars = 0;
  /** A ping went out and nothing has come back since. */
  awaitingPong = false;
  private readonly decoder: FrameDecoder;
  private closing = false;
  private closed = false;

  constructor(private readonly socket: Socket, private readonly limits: PeerLimits,
    private readonly onGone: (peer: LivePeer) => void) {
    this.decoder = new FrameDecoder({ maxMessageBytes: limits.maxMessageBytes });
    socket.setTimeout(0);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.receive(chunk));
    socket.on('error', () => socket.destroy());
    socket.on('close', () => this.gone());
    socket.on('end', () => socket.end());
    socket.resume(); // The connection layer may have paused it while handing it over.
  }

  /** Bytes that arrived with the request head (a client may send its first frame at once, §4.1). */
  receive(chunk: Buffer): void {
    if (this.closed) {
      return;
    }
    this.awaitingPong = false; // Any traffic shows the page is alive.
    for (const event of this.decoder.push(chunk)) {
      this.handle(event);
    }
  }

  sendText(text: string): void {
    this.write(encodeFrame(OPCODE.text, text));
  }

  ping(): void {
    this.awaitingPong = true;
    this.write(encodeFrame(OPCODE.ping));
  }

  /** Starts the closing handshake (§7.1.2); the TCP connection goes when the page answers or after a timeout. */
  close(code: number, reason: string): void {
    if (this.closing || this.closed) {
      return;
    }
    this.closing = true;
    this.write(encodeClose(code, reason));
    setTimeout(() => this.socket.destroy(), this.limits.closeTimeoutMs).unref();
  }

  /** Drops the connection without a handshake (a page that stopped answering). */
  terminate(): void {
    this.socket.destroy();
  }

  private write(frame: Buffer): void {
    if (this.closed || this.socket.destroyed) {
      return;
    }
    if (this.socket.writableLength > MAX_QUEUED_BYTES) {
      this.socket.destroy();
      return;
    }
    this.socket.write(frame);
  }

  private handle(event: FrameEvent): void {
    switch (event.kind) {
      case 'ping':
        this.write(encodeFrame(OPCODE.pong, event.data)); // §5.5.3: same application data.
        return;
      case 'pong':
        return;
      case 'close':
        // §5.5.1: answer a Close with a Close (echoing the code), then the server closes TCP first (§7.1.1).
        if (!this.closing) {
          this.closing = true;
          this.write(event.code === CLOSE_CODE.noStatus ? encodeFrame(OPCODE.close) : encodeClose(event.code));
        }
        this.socket.end();
        return;
      case 'error':
        this.close(event.code, event.reason);
        this.socket.end();
        return;
      case 'binary':
        this.close(CLOSE_CODE.unsupportedData, 'binary messages are not part of the live-reload protocol');
        return;
      case 'text':
        this.report(event.text);
    }
  }

  /** {"type":"page","path","resources"} or {"type":"resources","paths"}; anything else is a policy violation. */
  private report(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.close(CLOSE_CODE.policyViolation, 'message is not JSON');
      return;
    }
    const { type, path, resources, paths } = (message ?? {}) as Record<string, unknown>;
    if (type === 'page' && isServerPath(path) && isPathList(resources ?? [])) {
      this.page = decodePath(path);
      this.resources.clear();
      this.resourceChars = 0;
      this.addResources((resources ?? []) as string[]);
    } else if (type === 'resources' && isPathList(paths)) {
      this.addResources(paths);
    } else {
      this.close(CLOSE_CODE.policyViolation, 'unknown live-reload message');
      return;
    }
  }

  private addResources(paths: string[]): void {
    for (const path of paths) {
      if (this.resources.size >= this.limits.maxResources) {
        return;
      }
      const decoded = decodePath(path);
      if (this.resources.has(decoded)) {
        continue;
      }
      if (this.resourceChars + decoded.length > this.limits.maxResourceChars) {
        return;
      }
      this.resourceChars += decoded.length;
      this.resources.add(decoded);
    }
  }

  private gone(): void {
    if (!this.closed) {
      this.closed = true;
      this.onGone(this);
    }
  }
}

function isServerPath(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith('/') && value.length <= MAX_PATH_LENGTH;
}

function isPathList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every(isServerPath);
}

/** The page reports URL paths (percent-encoded); changes arrive as decoded file paths. */
function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
