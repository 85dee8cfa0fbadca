// The answering half of a connection: asks the application for the reply to the current exchange (synchronously or
// not), writes it through replyWriter, finishes the exchange (keep-alive, close, or the socket handed over after a
// 101), reports its record once, refuses (and logs) heads that cannot be parsed or completed, and turns an
// exception into a 500 on that connection only. The read loop (connection.ts) parses and feeds it; the state both
// halves share lives here.

import type * as net from 'node:net';
import { closeQuietly } from '../closeQuietly';
import { ConnectionMode } from '../http/head';
import type { RequestHead } from '../http/requestHead';
import type { Reply } from '../http/reply';
import { parseTarget } from '../http/target';
import type { ExchangeRecord, ServerNotice } from '../events';
import type { ServerOptions } from '../options';
import type { SendOutcome, BodySender } from './bodySender';
import type { BufferPool } from './bufferPool';
import { Exchange, ExchangeContext, type ExchangeSink } from './exchange';
import { protocolError } from './protocolErrors';
import type { Application } from './responder';
import { writeReply } from './replyWriter';

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
  forget(connection: Responding): void;
}

/** A rejected head is logged up to this many bytes. */
const MAX_LOGGED_REJECT_BYTES = 17 * 1024;

export const enum Phase { Head, Body, Responding, Closing, Upgraded }

export abstract class Responding implements ExchangeSink {
  protected pending: Buffer | null = null;
  protected phase = Phase.Head;
  protected exchange: Exchange | undefined;
  protected requestIndex = 0;
  protected headStartedAt = 0;
  protected phaseStartedAt: number;
  protected lastActivityAt: number;
  /** The client half-closed: answer what arrived, then close. */
  protected peerEnded = false;
  protected sender: BodySender | undefined;
  readonly client: string;
  readonly logBodyBytes: number;

  constructor(protected readonly host: ConnectionHost, readonly socket: net.Socket, readonly connectionId: number) {
    this.lastActivityAt = this.phaseStartedAt = Date.now();
    this.logBodyBytes = host.options.logBodyBytes;
    this.client = socket.remoteFamily === 'IPv6' ? `[${socket.remoteAddress}]:${socket.remotePort}` : `${socket.remoteAddress}:${socket.remotePort}`;
  }

  get logging(): boolean {
    return this.host.logging;
  }

  /** Parses and answers what is buffered (the read loop). */
  protected abstract drive(): void;

  /** Stops reading for HTTP: the socket now belongs to an upgrade. */
  protected abstract detachReadLoop(): void;

  protected begin(head: RequestHead | undefined, rawHead: Buffer, keepBodyBytes: number): Exchange {
    this.requestIndex++;
    this.exchange = new Exchange(this, this.requestIndex, this.headStartedAt || Date.now(), head, rawHead, keepBodyBytes);
    this.headStartedAt = 0;
    if (head && this.host.watchingStarts) {
      this.host.started(this.exchange.toRecord(false));
    }
    return this.exchange;
  }

  /** Answers the current exchange. Returns true when it completed synchronously and parsing may continue. */
  protected respond(): boolean {
    this.phase = Phase.Responding;
    const exchange = this.exchange!;
    const target = parseTarget(exchange.head!.target);
    if (target.ok && target.target.fragmentIgnored) {
      exchange.note('fragment ignored'); // RFC 9110 §4.2.5: a fragment is the client's; it names no resource
    }
    const reply = this.host.app.respond(new ExchangeContext(exchange, target, this.client, this.connectionId));
    if (reply instanceof Promise) {
      reply.then((ready) => this.sendAsync(exchange, ready), (error: unknown) => this.fail(error));
      return false;
    }
    return this.send(reply, false);
  }

  protected sendAsync(exchange: Exchange, reply: Reply): void {
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
  protected send(reply: Reply, forceClose: boolean): boolean {
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

  protected onBodySent(close: boolean, outcome: SendOutcome): void {
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

  protected finish(close: boolean): boolean {
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
  protected handOver(reply: Reply): void {
    this.report(false);
    this.phase = Phase.Upgraded;
    const leftover = this.pending ?? Buffer.alloc(0);
    this.pending = null;
    this.detachReadLoop();
    if (this.socket.isPaused()) {
      this.socket.resume();
    }
    if (reply.body?.kind === 'upgrade') {
      reply.body.accept(this.socket, leftover);
    }
  }

  /** Refuses a request that could not be parsed: answer with Connection: close and log what arrived. */
  protected reject(status: number, reason: string, method?: string, target?: string): void {
    this.beginRejected(this.pending ?? Buffer.alloc(0), method, target);
    this.pending = null;
    this.send(protocolError(status, reason), true);
  }

  /**
   * The client half-closed with part of a head buffered: no answer can follow, but the bytes did arrive, and a
   * server that logs every request byte-exact logs them (they used to vanish without a line).
   */
  protected endIncompleteHead(): void {
    const raw = this.pending;
    if (raw !== null && raw.some((byte) => byte !== 13 && byte !== 10)) {
      this.beginRejected(raw).reason = 'client closed the connection before the request head was complete';
      this.report(true);
    }
    this.closeGracefully();
  }

  /** An exchange for a head that was not parsed: what arrived of it is logged, up to MAX_LOGGED_REJECT_BYTES. */
  private beginRejected(raw: Buffer, method?: string, target?: string): Exchange {
    const exchange = this.begin(undefined, raw.subarray(0, MAX_LOGGED_REJECT_BYTES), 0);
    exchange.rejected = { method, target, omitted: Math.max(0, raw.length - MAX_LOGGED_REJECT_BYTES) };
    return exchange;
  }

  /** Emits the exchange's record; at most once per exchange, so one request never prints two summary lines. */
  protected report(aborted: boolean): void {
    const exchange = this.exchange;
    if (exchange === undefined || exchange.reported) {
      return;
    }
    exchange.reported = true;
    if (this.host.logging) {
      this.host.report(exchange.toRecord(aborted));
    }
  }

  protected closeGracefully(): void {
    this.phase = Phase.Closing;
    this.phaseStartedAt = Date.now();
    this.pending = null;
    this.socket.end();
  }

  /** An exception in this connection's code: answer 500 if nothing was sent yet, else drop the connection. */
  protected fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.host.notice({ level: 'error', message: `connection ${this.connectionId}: internal error: ${message}` });
    if (this.phase === Phase.Responding && this.exchange && this.exchange.bytesSent === 0 && !this.socket.destroyed) {
      this.send(protocolError(500, `internal error: ${message}`), true);
    } else {
      this.socket.destroy();
    }
  }
}
