// One client socket: the read loop. Buffers bytes, parses heads, consumes bodies by their framing, asks the
// application for each reply, answers pipelined requests strictly in order, applies back-pressure both ways, and
// hands the socket over on an upgrade. Deadlines (head, body, idle, send stall) are checked by the server's sweep, so
// the hot path sets no timers. Accounting lives in exchange.ts, writing in replyWriter.ts.

import type * as net from 'node:net';
import { ChunkedBodyReader, FixedLengthBodyReader, type BodyReader } from '../http/bodyFraming';
import { ConnectionMode } from '../http/head';
import { parseRequestHead, type RequestHead } from '../http/parser';
import type { Reply } from '../http/reply';
import { parseTarget } from '../http/target';
import type { ExchangeRecord, ServerNotice } from '../events';
import type { ServerOptions } from '../options';
import type { SendOutcome, BodySender } from './bodySender';
import type { BufferPool } from './bufferPool';
import { Exchange, type ExchangeSink } from './exchange';
import { protocolError } from './protocolErrors';
import type { Application, RequestContext } from './responder';
import { closeQuietly, writeReply } from './replyWriter';

/** What a connection needs from its server. */
export interface ConnectionHost {
  readonly options: ServerOptions;
  readonly app: Application;
  readonly pool: BufferPool;
  /** CORS/CORP lines sent on every answer. */
  readonly policyLines: string;
  /** False when nobody listens for records: then no log data is gathered at all. */
  readonly logging: boolean;
  readonly watchingStarts: boolean;
  readonly closing: boolean;
  started(record: ExchangeRecord): void;
  report(record: ExchangeRecord): void;
  notice(notice: ServerNotice): void;
  forget(connection: Connection): void;
}

const enum Phase { Head, Body, Responding, Closing, Upgraded }

/** Pipelined bytes buffered while a response is being sent before the socket is paused. */
const MAX_PIPELINE_BUFFER = 64 * 1024;
/** A connection we are closing gets this long to receive our FIN-terminated answer before it is destroyed. */
const CLOSE_LINGER_MS = 2000;
/** A rejected head is logged up to this many bytes. */
const MAX_LOGGED_REJECT_BYTES = 17 * 1024;
const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');

export class Connection implements ExchangeSink {
  private pending: Buffer | null = null;
  private phase = Phase.Head;
  private exchange: Exchange | undefined;
  private body: BodyReader | undefined;
  private requestIndex = 0;
  private headStartedAt = 0;
  private phaseStartedAt: number;
  private lastActivityAt: number;
  private driving = false;
  /** The client half-closed: answer what arrived, then close. */
  private peerEnded = false;
  private sender: BodySender | undefined;
  readonly client: string;
  readonly logBodyBytes: number;

  constructor(private readonly host: ConnectionHost, readonly socket: net.Socket, readonly connectionId: number) {
    this.lastActivityAt = this.phaseStartedAt = Date.now();
    this.logBodyBytes = host.options.logBodyBytes;
    this.client = socket.remoteFamily === 'IPv6' ? `[${socket.remoteAddress}]:${socket.remotePort}` : `${socket.remoteAddress}:${socket.remotePort}`;
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('drain', this.onDrain);
    socket.on('end', this.onEnd);
    socket.on('error', () => { /* ECONNRESET and the like: 'close' follows and cleans up */ });
    socket.on('close', () => this.onClose());
  }

  get logging(): boolean {
    return this.host.logging;
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
    return this.startBody(head);
  }

  private begin(head: RequestHead | undefined, rawHead: Buffer, keepBodyBytes: number): Exchange {
    this.requestIndex++;
    this.exchange = new Exchange(this, this.requestIndex, this.headStartedAt || Date.now(), head, rawHead, keepBodyBytes);
    this.headStartedAt = 0;
    if (head && this.host.watchingStarts) {
      this.host.started(this.exchange.toRecord(false));
    }
    return this.exchange;
  }

  private consumePending(bytes: number): void {
    this.pending = this.pending === null || bytes >= this.pending.length ? null : this.pending.subarray(bytes);
  }

  private startBody(head: RequestHead): boolean {
    const limits = this.host.options.limits;
    if (head.contentLength !== undefined && head.contentLength > limits.maxBodyBytes) {
      this.send(protocolError(413, `request body over ${Math.round(limits.maxBodyBytes / 1024)} KiB`), true);
      return false;
    }
    if (head.chunked || (head.contentLength ?? 0) > 0) {
      if (head.expectContinue && head.minorVersion === 1) {
        // RFC 9110 §10.1.1: without this interim answer the client waits (curl: 1 s) before sending the body.
        this.socket.write(CONTINUE);
        this.exchange!.recordInterim(CONTINUE);
      }
      this.body = head.chunked ? new ChunkedBodyReader(limits.maxBodyBytes) : new FixedLengthBodyReader(head.contentLength!);
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
    if (this.body instanceof FixedLengthBodyReader) {
      exchange.recordContent(wire);
    }
    this.consumePending(progress.consumed);
    if (progress.error) {
      this.send(protocolError(progress.error.status, progress.error.reason), true);
      return false;
    }
    if (!progress.done) {
      return false;
    }
    this.body = undefined;
    this.phase = Phase.Head;
    return this.respond();
  }

  /** Answers the current exchange. Returns true when it completed synchronously and parsing may continue. */
  private respond(): boolean {
    this.phase = Phase.Responding;
    const exchange = this.exchange!;
    const target = parseTarget(exchange.head!.target);
    if (target.ok && target.target.fragmentIgnored) {
      exchange.note('fragment ignored'); // RFC 9110 §4.2.5: a fragment is the client's; it names no resource
    }
    const context: RequestContext = {
      head: exchange.head!, target, rawHead: exchange.rawHead, client: this.client, connectionId: this.connectionId,
      requestIndex: exchange.requestIndex, body: exchange.body, bodyBytes: exchange.bodyBytes,
      note: (text) => exchange.note(text),
    };
    const reply = this.host.app.respond(context);
    if (reply instanceof Promise) {
      reply.then((ready) => this.sendAsync(exchange, ready), (error: unknown) => this.fail(error));
      return false;
    }
    return this.send(reply, false);
  }

  private sendAsync(exchange: Exchange, reply: Reply): void {
    if (this.socket.destroyed || this.exchange !== exchange) {
      // The connection closed (a client's reset, the server stopping) while the answer was being prepared: nothing
      // will send the reply, so release what it holds (a large file's proven descriptor) and still log the request.
      if (reply.body?.kind === 'file') {
        closeQuietly(reply.body.fd);
      }
      if (this.exchange === exchange) {
        exchange.reason = 'connection closed before the answer was sent';
        this.report(true);
      }
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
    const head = this.exchange!.head;
    const close = forceClose || reply.close === true || this.host.closing || head === undefined || head.connectionClose
      || (head.minorVersion === 0 && !head.connectionKeepAlive);
    const mode = close ? ConnectionMode.Close : head.minorVersion === 0 ? ConnectionMode.KeepAlive10 : ConnectionMode.Persistent;
    this.phase = Phase.Responding;
    const result = writeReply(this.socket, this.exchange!, reply, mode, this.host.policyLines, this.host.pool,
      (outcome) => this.onBodySent(close, outcome));
    if (result.kind === 'sending') {
      this.sender = result.sender;
      return false;
    }
    if (result.kind === 'upgraded') {
      this.handOver(reply);
      return false;
    }
    return this.finish(close);
  }

  private onBodySent(close: boolean, outcome: SendOutcome): void {
    this.sender = undefined;
    this.exchange!.bytesSent += outcome.bytes;
    if (outcome.failure) {
      this.exchange!.reason = outcome.failure;
      this.report(true);
      this.socket.destroy(); // Content-Length can no longer be honoured: closing is the only correct signal
      return;
    }
    if (this.finish(close)) {
      this.drive();
    }
  }

  private finish(close: boolean): boolean {
    this.report(false);
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

  /** RFC 9110 §7.8: after the 101 the socket speaks the new protocol; the upgrade's owner gets it and what followed. */
  private handOver(reply: Reply): void {
    this.report(false);
    this.phase = Phase.Upgraded;
    const leftover = this.pending ?? Buffer.alloc(0);
    this.pending = null;
    this.socket.off('data', this.onData);
    this.socket.off('drain', this.onDrain);
    this.socket.off('end', this.onEnd);
    if (this.socket.isPaused()) {
      this.socket.resume();
    }
    if (reply.body?.kind === 'upgrade') {
      reply.body.accept(this.socket, leftover);
    }
  }

  /** Refuses a request that could not be parsed: answer with Connection: close and log what arrived. */
  private reject(status: number, reason: string, method?: string, target?: string): void {
    const raw = this.pending ?? Buffer.alloc(0);
    const exchange = this.begin(undefined, raw.subarray(0, MAX_LOGGED_REJECT_BYTES), 0);
    exchange.rejected = { method, target, omitted: Math.max(0, raw.length - MAX_LOGGED_REJECT_BYTES) };
    this.pending = null;
    this.send(protocolError(status, reason), true);
  }

  /**
   * The client half-closed with part of a head buffered: no answer can follow, but the bytes did arrive, and a
   * server that logs every request byte-exact logs them (they used to vanish without a line).
   */
  private endIncompleteHead(): void {
    const raw = this.pending;
    if (raw !== null && raw.some((byte) => byte !== 13 && byte !== 10)) {
      const exchange = this.begin(undefined, raw.subarray(0, MAX_LOGGED_REJECT_BYTES), 0);
      exchange.rejected = { omitted: Math.max(0, raw.length - MAX_LOGGED_REJECT_BYTES) };
      exchange.reason = 'client closed the connection before the request head was complete';
      this.report(true);
    }
    this.closeGracefully();
  }

  /** Emits the exchange's record; at most once per exchange, so one request never prints two summary lines. */
  private report(aborted: boolean): void {
    const exchange = this.exchange;
    if (exchange === undefined || exchange.reported) {
      return;
    }
    exchange.reported = true;
    if (this.host.logging) {
      this.host.report(exchange.toRecord(aborted));
    }
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
    this.host.notice({ level: 'error', message: `connection ${this.connectionId}: internal error: ${message}` });
    if (this.phase === Phase.Responding && this.exchange && this.exchange.bytesSent === 0 && !this.socket.destroyed) {
      this.send(protocolError(500, `internal error: ${message}`), true);
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
          this.reject(408, `request head not complete within ${limits.headerTimeoutMs / 1000} s`);
        } else if (this.pending === null && now - this.lastActivityAt > limits.idleTimeoutMs) {
          this.closeGracefully(); // idle keep-alive: a quiet FIN, nothing to log
        }
        break;
      case Phase.Body:
        if (now - this.phaseStartedAt > limits.bodyTimeoutMs) {
          this.send(protocolError(408, `request body not complete within ${limits.bodyTimeoutMs / 1000} s`), true);
        }
        break;
      case Phase.Responding:
        if (this.sender && now - this.sender.lastProgressAt > limits.sendStallTimeoutMs) {
          // Stopped here, not in onClose: the exchange is reported once, with this reason (not "went away" too).
          const sender = this.sender;
          this.sender = undefined;
          this.exchange!.bytesSent += sender.stop();
          this.exchange!.reason = `client stopped reading for ${limits.sendStallTimeoutMs / 1000} s, abandoned`;
          this.report(true);
          this.socket.destroy();
        }
        break;
      case Phase.Closing:
        if (now - this.phaseStartedAt > CLOSE_LINGER_MS) {
          this.socket.destroy();
        }
        break;
      case Phase.Upgraded:
        break; // the upgrade's owner keeps its own liveness checks (WebSocket ping/pong)
    }
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
