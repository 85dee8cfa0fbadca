// One client socket, its read loop: buffers bytes, parses heads, consumes bodies by their framing, keeps pipelined
// requests strictly in order, applies back-pressure both ways, and checks its deadlines (head, body, idle, send
// stall) when the server's sweep asks (deadlines.ts decides what is due), so the hot path sets no timers. Answering
// and refusing are responding.ts's job, accounting exchange.ts's, writing replyWriter.ts's.

import type * as net from 'node:net';
import { FixedLengthBodyReader, type BodyReader } from '../http/bodyFraming';
import { ChunkedBodyReader } from '../http/chunkedBody';
import { parseRequestHead } from '../http/parser';
import type { RequestHead } from '../http/requestHead';
import { dueDeadline } from './deadlines';
import { protocolError } from './protocolErrors';
import type { BodyLimit } from './responder';
import { Phase, Responding, type ConnectionHost } from './responding';

/** Pipelined bytes buffered while a response is being sent before the socket is paused. */
const MAX_PIPELINE_BUFFER = 64 * 1024;
const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');

/** "request body over 1024 KiB", naming a responder's own limit when it set one. */
function tooLargeReason(maxBytes: number, limit: BodyLimit | undefined): string {
  return `request body over ${Math.round(maxBytes / 1024)} KiB${limit ? `, ${limit.name}` : ''}`;
}

export class Connection extends Responding {
  private body: BodyReader | undefined;
  /** The responder's own limit for the body being read, if it set one (for the 413's reason). */
  private bodyLimit: BodyLimit | undefined;
  private driving = false;

  constructor(host: ConnectionHost, socket: net.Socket, connectionId: number) {
    super(host, socket, connectionId);
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('drain', this.onDrain);
    socket.on('end', this.onEnd);
    socket.on('error', () => { /* ECONNRESET and the like: 'close' follows and cleans up */ });
    socket.on('close', () => this.onClose());
  }

  private readonly onData = (chunk: Buffer): void => {
    this.lastActivityAt = Date.now();
    if (this.phase === Phase.Closing) {
      return; // the answer is out and the connection is ending: the rest is discarded
    }
    this.pending = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    if (this.phase === Phase.Responding || this.socket.writableNeedDrain) {
      if (this.pending.length > MAX_PIPELINE_BUFFER) {
        this.socket.pause(); // resumed when the current response finishes or the client reads again
      }
      if (this.phase === Phase.Responding) {
        return;
      }
    }
    this.drive();
  };

  private readonly onDrain = (): void => {
    this.lastActivityAt = Date.now();
    // While a body is sent, its write callbacks pace it; here only a paused pipeline needs waking.
    if (this.phase === Phase.Head) {
      if (this.socket.isPaused()) {
        this.socket.resume();
      }
      this.drive();
    }
  };

  /** The client sent FIN (the server allows half-open sockets): finish what is in progress, then close. */
  private readonly onEnd = (): void => {
    this.peerEnded = true;
    if (this.phase === Phase.Body) {
      this.socket.destroy(); // the body can never complete; onClose reports it
    } else if (this.phase === Phase.Head && (this.pending === null || !this.socket.writableNeedDrain)) {
      this.endIncompleteHead(); // nothing in progress, or a head that can never complete
    }
  };

  /** Parses and answers as many buffered requests as possible, in order. */
  protected drive(): void {
    if (this.driving) {
      return;
    }
    this.driving = true;
    try {
      while (this.step()) { /* each step makes progress or returns false */ }
    } catch (error) {
      this.fail(error);
    } finally {
      this.driving = false;
    }
  }

  private step(): boolean {
    if (this.phase === Phase.Body) {
      return this.consumeBody();
    }
    if (this.phase !== Phase.Head || this.pending === null || this.socket.writableNeedDrain) {
      return false; // writableNeedDrain: the client is not reading our answers, so stop producing them
    }
    if (this.headStartedAt === 0) {
      this.headStartedAt = Date.now();
    }
    const result = parseRequestHead(this.pending, 0, this.host.options.limits);
    if (result.kind === 'incomplete') {
      if (this.peerEnded) {
        this.endIncompleteHead();
      }
      return false;
    }
    if (result.kind === 'error') {
      this.reject(result.status, result.reason, result.method, result.target);
      return false;
    }
    const head = result.head;
    this.begin(head, this.pending.subarray(result.start, result.end), this.host.app.bodyBytesWanted(head));
    this.consumePending(result.end);
    return this.startBody(head, this.host.app.bodyLimit?.(head));
  }

  private consumePending(bytes: number): void {
    this.pending = this.pending === null || bytes >= this.pending.length ? null : this.pending.subarray(bytes);
  }

  private startBody(head: RequestHead, limit: BodyLimit | undefined): boolean {
    const maxBytes = limit?.maxBytes ?? this.host.options.limits.maxBodyBytes;
    if (head.contentLength !== undefined && head.contentLength > maxBytes) {
      this.send(protocolError(413, tooLargeReason(maxBytes, limit)), true);
      return false;
    }
    if (head.chunked || (head.contentLength ?? 0) > 0) {
      if (head.expectContinue && head.minorVersion === 1) {
        // RFC 9110 §10.1.1: without this interim answer the client waits (curl: 1 s) before sending the body.
        this.socket.write(CONTINUE);
        this.exchange!.recordInterim(CONTINUE);
      }
      // Content is framed out only for a responder that keeps the body; the log's preview is of the wire bytes.
      const exchange = this.exchange!;
      const onData = exchange.keepsBody ? (bytes: Buffer): void => exchange.recordContent(bytes) : undefined;
      this.body = head.chunked ? new ChunkedBodyReader(maxBytes, onData) : new FixedLengthBodyReader(head.contentLength!, onData);
      this.bodyLimit = limit;
      this.phase = Phase.Body;
      this.phaseStartedAt = Date.now();
      return true;
    }
    return this.respond();
  }

  private consumeBody(): boolean {
    const exchange = this.exchange!;
    if (this.pending === null) {
      return false;
    }
    const progress = this.body!.feed(this.pending, 0);
    const wire = this.pending.subarray(0, progress.consumed);
    exchange.recordWire(wire);
    this.consumePending(progress.consumed);
    if (progress.error) {
      const error = progress.error;
      const limit = this.bodyLimit;
      this.send(protocolError(error.status, error.status === 413 && limit ? tooLargeReason(limit.maxBytes, limit) : error.reason), true);
      return false;
    }
    if (!progress.done) {
      return false;
    }
    this.body = undefined;
    this.bodyLimit = undefined;
    this.phase = Phase.Head;
    return this.respond();
  }

  /** Called by the server's sweep about once a second; deadlines.ts decides what is due. */
  checkDeadlines(now: number): void {
    const limits = this.host.options.limits;
    const due = dueDeadline({
      phase: this.phase, now, lastActivityAt: this.lastActivityAt, phaseStartedAt: this.phaseStartedAt, headStartedAt: this.headStartedAt,
      hasPending: this.pending !== null, writableNeedDrain: this.socket.writableNeedDrain, sendProgressAt: this.sender?.lastProgressAt,
    }, limits);
    switch (due) {
      case 'stalledPipeline':
      case 'lingerOver':
        this.socket.destroy();
        break;
      case 'headTimeout':
        this.reject(408, `request head not complete within ${limits.headerTimeoutMs / 1000} s`);
        break;
      case 'idle':
        this.closeGracefully();
        break;
      case 'bodyTimeout':
        this.send(protocolError(408, `request body not complete within ${limits.bodyTimeoutMs / 1000} s`), true);
        break;
      case 'sendStall': {
        // Stopped here, not in onClose: the exchange is reported once, with this reason (not "went away" too).
        const sender = this.sender!;
        this.sender = undefined;
        this.exchange!.bytesSent += sender.stop();
        this.exchange!.reason = `client stopped reading for ${limits.sendStallTimeoutMs / 1000} s, abandoned`;
        this.report(true);
        this.socket.destroy();
        break;
      }
      case 'none':
        break;
    }
  }

  protected detachReadLoop(): void {
    this.socket.off('data', this.onData);
    this.socket.off('drain', this.onDrain);
    this.socket.off('end', this.onEnd);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onClose(): void {
    if (this.sender) {
      const sender = this.sender;
      this.sender = undefined;
      this.exchange!.bytesSent += sender.stop();
      this.exchange!.reason = 'client went away during the download';
      this.report(true);
    } else if (this.phase === Phase.Body) {
      this.exchange!.reason = 'client went away during the request body';
      this.report(true);
    }
    this.host.forget(this);
  }
}
