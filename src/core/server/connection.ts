// One client socket: buffers bytes, parses heads, consumes bodies by their framing, answers pipelined requests
// strictly in order, applies back-pressure both ways, and reports every answered or refused request.
// Deadlines (header, body, idle, send stall) are checked by the server's sweep, so the hot path sets no timers.

import type * as net from 'node:net';
import { parseRequestHead, type RequestHead } from '../http/parser';
import { ChunkedBodyReader, FixedLengthBodyReader, type BodyReader } from '../http/bodyFraming';
import { buildHead, ConnectionMode } from '../http/head';
import type { Reply, RequestHandler } from '../routes/handler';
import { FileSender } from './bodySender';
import type { RequestLogEntry, ServerNotice } from '../events';
import type { ServerOptions } from '../options';

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly options: ServerOptions;
  readonly handler: RequestHandler;
  /** False when nobody listens for request entries: then no log data is gathered at all. */
  readonly logging: boolean;
  readonly closing: boolean;
  report(entry: RequestLogEntry): void;
  notice(notice: ServerNotice): void;
  forget(connection: Connection): void;
}

const enum Phase { Head, Body, Responding, Closing }

/** Pipelined bytes buffered while a response is being sent before the socket is paused. */
const MAX_PIPELINE_BUFFER = 64 * 1024;
/** A connection we are closing gets this long to receive our FIN-terminated answer before it is destroyed. */
const CLOSE_LINGER_MS = 2000;
const NO_BYTES = Buffer.alloc(0);
/** A rejected head is logged up to this many bytes. */
const MAX_LOGGED_REJECT_BYTES = 17 * 1024;

interface Exchange {
  head: RequestHead | undefined;
  rawHead: Buffer;
  startedAt: number;
  startedHr: number;
  body: BodyReader | undefined;
  bodyPreview: Buffer[];
  bodyPreviewBytes: number;
  bodyBytes: number;
  bytesSent: number;
  /** For a head that could not be parsed: what the parser got of the request line, and raw bytes not kept. */
  rejected?: { method?: string; target?: string; omitted: number };
}

export class Connection {
  private pending: Buffer | null = null;
  private phase = Phase.Head;
  private exchange: Exchange | undefined;
  private requestIndex = 0;
  private headStartedAt = 0;
  private phaseStartedAt: number;
  private lastActivityAt: number;
  private driving = false;
  /** The client half-closed: answer what arrived, then close. */
  private peerEnded = false;
  private sender: FileSender | undefined;
  /** Status of the reply being sent, for entries about responses that did not complete. */
  private replyStatus = 0;
  private readonly client: string;

  constructor(private readonly host: ConnectionHost, readonly socket: net.Socket, readonly id: number) {
    this.lastActivityAt = this.phaseStartedAt = Date.now();
    this.client = socket.remoteFamily === 'IPv6' ? `[${socket.remoteAddress}]:${socket.remotePort}` : `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('drain', () => this.onDrain());
    socket.on('end', () => this.onEnd());
    socket.on('error', () => { /* ECONNRESET and the like: 'close' follows and cleans up */ });
    socket.on('close', () => this.onClose());
  }

  private onData(chunk: Buffer): void {
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
  }

  private onDrain(): void {
    this.lastActivityAt = Date.now();
    // While a file is sent, its write callbacks pace it; here only a paused pipeline needs waking.
    if (this.phase === Phase.Head) {
      if (this.socket.isPaused()) {
        this.socket.resume();
      }
      this.drive();
    }
  }

  /** The client sent FIN (the server allows half-open sockets): finish what is in progress, then close. */
  private onEnd(): void {
    this.peerEnded = true;
    if (this.phase === Phase.Body) {
      this.socket.destroy(); // the body can never complete; onClose reports it
    } else if (this.phase === Phase.Head && (this.pending === null || !this.socket.writableNeedDrain)) {
      this.closeGracefully(); // nothing in progress, or a head that can never complete
    }
  }

  /** Parses and answers as many buffered requests as possible, in order. */
  private drive(): void {
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
        this.closeGracefully();
      }
      return false;
    }
    if (result.kind === 'error') {
      this.reject(result.status, result.reason, result.method, result.target);
      return false;
    }
    this.beginExchange(result.head, this.pending.subarray(result.start, result.end));
    this.consumePending(result.end);
    return this.startBody(result.head);
  }

  private beginExchange(head: RequestHead | undefined, rawHead: Buffer): void {
    this.requestIndex++;
    this.exchange = {
      head, rawHead, startedAt: this.headStartedAt || Date.now(), startedHr: performance.now(), body: undefined,
      bodyPreview: [], bodyPreviewBytes: 0, bodyBytes: 0, bytesSent: 0,
    };
    this.headStartedAt = 0;
  }

  private consumePending(bytes: number): void {
    this.pending = this.pending === null || bytes >= this.pending.length ? null : this.pending.subarray(bytes);
  }

  private startBody(head: RequestHead): boolean {
    const limits = this.host.options.limits;
    if (head.contentLength !== undefined && head.contentLength > limits.maxBodyBytes) {
      this.send(this.host.handler.errorReply(413, `request body over ${Math.round(limits.maxBodyBytes / 1024)} KiB → 413`), true);
      return false;
    }
    if (head.chunked || (head.contentLength ?? 0) > 0) {
      if (head.expectContinue && head.minorVersion === 1) {
        // RFC 9110 §10.1.1: without this interim answer the client waits (curl: 1 s) before sending the body.
        this.socket.write('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');
      }
      this.exchange!.body = head.chunked ? new ChunkedBodyReader(limits.maxBodyBytes) : new FixedLengthBodyReader(head.contentLength!);
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
    const progress = exchange.body!.feed(this.pending, 0);
    this.recordBody(this.pending.subarray(0, progress.consumed));
    this.consumePending(progress.consumed);
    if (progress.error) {
      this.send(this.host.handler.errorReply(progress.error.status, progress.error.reason), true);
      return false;
    }
    if (!progress.done) {
      return false;
    }
    this.phase = Phase.Head;
    return this.respond();
  }

  private recordBody(bytes: Buffer): void {
    const exchange = this.exchange!;
    exchange.bodyBytes += bytes.length;
    const room = this.host.options.logBodyBytes - exchange.bodyPreviewBytes;
    if (this.host.logging && room > 0 && bytes.length > 0) {
      const kept = Buffer.from(bytes.subarray(0, room)); // copied: the source chunk may be large
      exchange.bodyPreview.push(kept);
      exchange.bodyPreviewBytes += kept.length;
    }
  }

  /** Answers the current exchange. Returns true when it completed synchronously and parsing may continue. */
  private respond(): boolean {
    this.phase = Phase.Responding;
    const reply = this.host.handler.handle(this.exchange!.head!);
    if (reply instanceof Promise) {
      reply.then((ready) => this.sendAsync(ready), (error: unknown) => this.fail(error));
      return false;
    }
    return this.send(reply, false);
  }

  private sendAsync(reply: Reply): void {
    if (this.socket.destroyed) {
      return;
    }
    try {
      if (this.send(reply, false)) {
        this.drive();
      }
    } catch (error) {
      this.fail(error);
    }
  }

  /** Writes a reply. Returns true if it is complete and the connection is ready for the next request. */
  private send(reply: Reply, forceClose: boolean): boolean {
    const exchange = this.exchange!;
    const head = exchange.head;
    const close = forceClose || reply.close === true || this.host.closing || head === undefined || head.connectionClose
      || (head.minorVersion === 0 && !head.connectionKeepAlive);
    const mode = close ? ConnectionMode.Close : head!.minorVersion === 0 ? ConnectionMode.KeepAlive10 : ConnectionMode.Persistent;
    const headText = buildHead(reply.status, reply.fieldLines, mode);
    this.replyStatus = reply.status;
    const withBody = head?.method !== 'HEAD';
    this.phase = Phase.Responding;
    const socket = this.socket;
    exchange.bytesSent += headText.length; // latin1: one byte per character
    if (reply.file && withBody) {
      socket.write(headText, 'latin1');
      this.sender = new FileSender(socket, reply.file, (outcome) => this.onFileSent(reply, close, outcome));
      this.sender.start();
      return false;
    }
    socket.cork();
    socket.write(headText, 'latin1');
    if (reply.body && withBody) {
      socket.write(reply.body);
      exchange.bytesSent += reply.body.length;
    }
    socket.uncork();
    return this.finish(reply, close);
  }

  private onFileSent(reply: Reply, close: boolean, outcome: { bytes: number; failure?: string }): void {
    this.sender = undefined;
    this.exchange!.bytesSent += outcome.bytes;
    if (outcome.failure) {
      this.report(reply.status, outcome.failure, true);
      this.socket.destroy(); // Content-Length can no longer be honoured: closing is the only correct signal
      return;
    }
    if (this.finish(reply, close)) {
      this.drive();
    }
  }

  private finish(reply: Reply, close: boolean): boolean {
    this.report(reply.status, reply.reason, false);
    if (close) {
      this.closeGracefully();
      return false;
    }
    this.phase = Phase.Head;
    this.lastActivityAt = this.phaseStartedAt = Date.now();
    if (this.peerEnded && this.pending === null) {
      this.closeGracefully();
      return false;
    }
    if (this.socket.isPaused()) {
      this.socket.resume();
    }
    return this.pending !== null;
  }

  /** Refuses a request that could not be parsed: answer with Connection: close and log what arrived. */
  private reject(status: number, reason: string, method?: string, target?: string): void {
    const raw = this.pending ?? Buffer.alloc(0);
    this.beginExchange(undefined, raw.subarray(0, MAX_LOGGED_REJECT_BYTES));
    this.exchange!.rejected = { method, target, omitted: Math.max(0, raw.length - MAX_LOGGED_REJECT_BYTES) };
    this.pending = null;
    this.send(this.host.handler.errorReply(status, reason), true);
  }


  private report(status: number, reason: string | undefined, aborted: boolean): void {
    const exchange = this.exchange;
    if (!this.host.logging || exchange === undefined) {
      return;
    }
    const rejected = exchange.rejected;
    this.host.report({
      startedAt: exchange.startedAt, client: this.client, connectionId: this.id, requestIndex: this.requestIndex,
      method: exchange.head?.method ?? rejected?.method, target: exchange.head?.target ?? rejected?.target,
      rawHead: exchange.rawHead, rawHeadOmitted: rejected?.omitted ?? 0,
      bodyPreview: exchange.bodyPreview.length === 0 ? NO_BYTES
        : exchange.bodyPreview.length === 1 ? exchange.bodyPreview[0] : Buffer.concat(exchange.bodyPreview),
      bodyBytes: exchange.bodyBytes, status, bytesSent: exchange.bytesSent,
      durationMs: performance.now() - exchange.startedHr, reason, aborted,
    });
  }

  private closeGracefully(): void {
    this.phase = Phase.Closing;
    this.phaseStartedAt = Date.now();
    this.pending = null;
    this.socket.end();
  }

  /** An exception in this connection's code: answer 500 if nothing was sent yet, else drop the connection. */
  private fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.host.notice({ level: 'error', message: `connection ${this.id}: internal error: ${message}` });
    if (this.phase === Phase.Responding && this.exchange && this.exchange.bytesSent === 0 && !this.socket.destroyed) {
      this.send(this.host.handler.errorReply(500, `internal error: ${message} → 500`), true);
    } else {
      this.socket.destroy();
    }
  }

  /** Called by the server's sweep about once a second. */
  checkDeadlines(now: number): void {
    const limits = this.host.options.limits;
    switch (this.phase) {
      case Phase.Head:
        if (this.socket.writableNeedDrain && now - this.lastActivityAt > limits.sendStallTimeoutMs) {
          this.socket.destroy(); // pipelining without reading the answers: nothing more will move
        } else if (this.pending !== null && this.headStartedAt !== 0 && now - this.headStartedAt > limits.headerTimeoutMs) {
          this.reject(408, `request head not complete within ${limits.headerTimeoutMs / 1000} s → 408`);
        } else if (this.pending === null && now - this.lastActivityAt > limits.idleTimeoutMs) {
          this.closeGracefully(); // idle keep-alive: a quiet FIN, nothing to log
        }
        break;
      case Phase.Body:
        if (now - this.phaseStartedAt > limits.bodyTimeoutMs) {
          this.send(this.host.handler.errorReply(408, `request body not complete within ${limits.bodyTimeoutMs / 1000} s → 408`), true);
        }
        break;
      case Phase.Responding:
        if (this.sender && now - this.sender.lastProgressAt > limits.sendStallTimeoutMs) {
          this.report(this.replyStatus, `client stopped reading for ${limits.sendStallTimeoutMs / 1000} s, abandoned`, true);
          this.socket.destroy();
        }
        break;
      case Phase.Closing:
        if (now - this.phaseStartedAt > CLOSE_LINGER_MS) {
          this.socket.destroy();
        }
        break;
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  private onClose(): void {
    if (this.sender) {
      const sender = this.sender;
      this.sender = undefined;
      const bytes = sender.stop();
      this.exchange!.bytesSent += bytes;
      this.report(this.replyStatus, 'client went away during the download', true);
    } else if (this.phase === Phase.Body) {
      this.report(0, 'client went away during the request body', true);
    }
    this.host.forget(this);
  }
}
