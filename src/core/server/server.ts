// HttpServer: owns the net.Server, its connections, its buffer pool and the deadline sweep, and answers through an
// Application (the responder chain). listen() and close() are promises; close() ends the listener and every
// connection (keep-alive and upgraded ones included) so the port is free at once, and frees the pool. Emits
// 'requestStart' and 'request' with ExchangeRecords, and 'notice' for lifecycle, refusals and errors.

import { EventEmitter } from 'node:events';
import * as net from 'node:net';
import { isLoopbackHost } from '../http/authority';
import type { ExchangeRecord, ServerNotice } from '../events';
import type { ServerOptions } from '../options';
import { BufferPool } from './bufferPool';
import { Connection } from './connection';
import type { ConnectionHost } from './responding';
import type { Application } from './responder';

const SWEEP_INTERVAL_MS = 1000;

export class HttpServer extends EventEmitter implements ConnectionHost {
  private application: Application | undefined;
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;
  private sweep: NodeJS.Timeout | undefined;
  private droppedSinceNotice = 0;
  readonly pool = new BufferPool();
  policyLines = '';
  closing = false;

  constructor(readonly options: ServerOptions) {
    super();
    // 'newListener' comes before the listener is added, 'removeListener' after it is gone.
    super.on('newListener', (event: string | symbol) => this.listenersChanged(event, 1));
    super.on('removeListener', (event: string | symbol) => this.listenersChanged(event, 0));
    // allowHalfOpen: a client may send its request and then FIN (RFC 9112 §9.6); the answer must still go out.
    this.server = net.createServer({ noDelay: true, allowHalfOpen: true }, (socket) => this.onConnection(socket));
    this.server.maxConnections = this.options.limits.maxConnections;
    this.server.on('drop', () => this.onDrop());
  }

  override on(event: 'request' | 'requestStart', listener: (record: ExchangeRecord) => void): this;
  override on(event: 'notice', listener: (notice: ServerNotice) => void): this;
  override on(event: string | symbol, listener: Parameters<EventEmitter['on']>[1]): this {
    return super.on(event, listener);
  }

  get app(): Application {
    if (!this.application) {
      throw new Error('server not listening');
    }
    return this.application;
  }

  /** True while someone listens for records; connections gather log data only then. */
  logging = false;
  /** True while someone listens for 'requestStart'. */
  watchingStarts = false;

  /** Keeps `logging` and `watchingStarts` current: they are read several times per request, listeners change rarely. */
  private listenersChanged(event: string | symbol, adding: number): void {
    if (event === 'request' || event === 'requestStart') {
      const starts = this.listenerCount('requestStart') + (event === 'requestStart' ? adding : 0);
      this.watchingStarts = starts > 0;
      this.logging = starts + this.listenerCount('request') + (event === 'request' ? adding : 0) > 0;
    }
  }

  get address(): net.AddressInfo | undefined {
    const address = this.server.address();
    return address !== null && typeof address === 'object' ? address : undefined;
  }

  get url(): string | undefined {
    const address = this.address;
    if (!address) {
      return undefined;
    }
    const host = address.family === 'IPv6' || address.address.includes(':') ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}/`;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Starts listening with `app` answering every request. */
  protected async listenWith(app: Application): Promise<net.AddressInfo> {
    this.application = app;
    await new Promise<void>((resolve, reject) => {
      const onError = (error: Error): void => reject(error);
      this.server.once('error', onError);
      this.server.listen({ host: this.options.host, port: this.options.port, exclusive: true }, () => {
        this.server.off('error', onError);
        resolve();
      });
    });
    this.server.on('error', (error) => this.notice({ level: 'error', message: `server error: ${error.message}` }));
    this.sweep = setInterval(() => this.checkDeadlines(), SWEEP_INTERVAL_MS);
    this.sweep.unref();
    if (!isLoopbackHost(this.options.host)) {
      this.notice({ level: 'warning', message: `listening on ${this.options.host}: the server is reachable from other machines` });
    }
    return this.address!;
  }

  /** Stops listening and destroys every connection; resolves once the port is free. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.sweep) {
      clearInterval(this.sweep);
      this.sweep = undefined;
    }
    const closed = new Promise<void>((resolve) => {
      if (!this.server.listening) {
        resolve();
        return;
      }
      this.server.close(() => resolve());
    });
    for (const connection of this.connections) {
      connection.destroy();
    }
    await closed;
    this.pool.clear();
  }

  private onConnection(socket: net.Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    this.connections.add(new Connection(this, socket, this.nextConnectionId++));
  }

  private onDrop(): void {
    // Reported at most once per sweep, so a connection flood cannot flood the log as well.
    this.droppedSinceNotice++;
  }

  private checkDeadlines(): void {
    const now = Date.now();
    for (const connection of this.connections) {
      connection.checkDeadlines(now);
    }
    if (this.droppedSinceNotice > 0) {
      this.notice({ level: 'warning', message: `${this.droppedSinceNotice} connection(s) refused: the limit of `
        + `${this.options.limits.maxConnections} open connections was reached` });
      this.droppedSinceNotice = 0;
    }
  }

  started(record: ExchangeRecord): void {
    this.emitSafely('requestStart', record);
  }

  report(record: ExchangeRecord): void {
    this.emitSafely('request', record);
  }

  private emitSafely(event: string, record: ExchangeRecord): void {
    try {
      this.emit(event, record);
    } catch (error) {
      // A failing log sink must never take a connection (or the server) down with it.
      this.notice({ level: 'error', message: `request log listener failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  notice(notice: ServerNotice): void {
    try {
      this.emit('notice', notice);
    } catch {
      // A failing notice sink (e.g. a disposed output channel) has nowhere left to report to, and must not take
      // the connection that raised the notice, the sweep timer or the server down with it.
    }
  }

  forget(connection: Connection): void {
    this.connections.delete(connection);
  }
}
