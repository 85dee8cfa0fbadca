// RawHttpServer: owns the net.Server and its connections. listen() and close() are promises; close() ends the
// listener and every connection (keep-alive ones included) so the port is free at once. Emits 'request' with a
// RequestLogEntry per answered or refused request, and 'notice' for lifecycle, refusals and errors.
// Completely independent of VS Code: the CLI and the extension both drive it.

import { EventEmitter } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { Connection, type ConnectionHost } from './connection';
import { RequestHandler } from '../routes/handler';
import { isLoopbackHost } from '../http/authority';
import type { RequestLogEntry, ServerNotice } from '../events';
import { DEFAULT_LIMITS, DEFAULT_OPTIONS, DEFAULT_POLICY, type ServerOptions, type ServerOptionsInput } from '../options';

const SWEEP_INTERVAL_MS = 1000;

export function resolveOptions(input: ServerOptionsInput): ServerOptions {
  return {
    root: path.resolve(input.root),
    host: input.host ?? DEFAULT_OPTIONS.host,
    port: input.port ?? DEFAULT_OPTIONS.port,
    policy: { ...DEFAULT_POLICY, ...input.policy },
    limits: { ...DEFAULT_LIMITS, ...input.limits },
    logBodyBytes: input.logBodyBytes ?? DEFAULT_OPTIONS.logBodyBytes,
    externalAuthorities: input.externalAuthorities ?? [],
    spaFallback: input.spaFallback ?? DEFAULT_OPTIONS.spaFallback,
    headers: input.headers ?? [],
  };
}

export class RawHttpServer extends EventEmitter implements ConnectionHost {
  readonly options: ServerOptions;
  private handlerInstance: RequestHandler | undefined;
  private readonly server: net.Server;
  private readonly connections = new Set<Connection>();
  private nextConnectionId = 1;
  private sweep: NodeJS.Timeout | undefined;
  private droppedSinceNotice = 0;
  closing = false;

  constructor(input: ServerOptionsInput) {
    super();
    this.options = resolveOptions(input);
    // allowHalfOpen: a client may send its request and then FIN (RFC 9112 §9.6); the answer must still go out.
    this.server = net.createServer({ noDelay: true, allowHalfOpen: true }, (socket) => this.onConnection(socket));
    this.server.maxConnections = this.options.limits.maxConnections;
    this.server.on('drop', () => this.onDrop());
  }

  override on(event: 'request', listener: (entry: RequestLogEntry) => void): this;
  override on(event: 'notice', listener: (notice: ServerNotice) => void): this;
  override on(event: string | symbol, listener: Parameters<EventEmitter['on']>[1]): this {
    return super.on(event, listener);
  }

  get handler(): RequestHandler {
    if (!this.handlerInstance) {
      throw new Error('server not listening');
    }
    return this.handlerInstance;
  }

  /** True while someone listens for 'request' entries; connections gather log data only then. */
  get logging(): boolean {
    return this.listenerCount('request') > 0;
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

  /** Authorities (host[:port]) a front end knows reach us, e.g. VS Code's asExternalUri; added to the allowlist. */
  setExternalAuthorities(authorities: string[]): void {
    this.options.externalAuthorities = [...authorities];
    this.handlerInstance?.setExternalAuthorities(authorities);
  }

  async listen(): Promise<net.AddressInfo> {
    const rootReal = await this.checkRoot();
    this.handlerInstance = new RequestHandler(this.options, rootReal);
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

  private async checkRoot(): Promise<string> {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(this.options.root);
    } catch {
      throw Object.assign(new Error(`folder not found: ${this.options.root}`), { code: 'ENOENT' });
    }
    if (!stat.isDirectory()) {
      throw Object.assign(new Error(`not a folder: ${this.options.root}`), { code: 'ENOTDIR' });
    }
    return fs.promises.realpath(this.options.root);
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

  report(entry: RequestLogEntry): void {
    try {
      this.emit('request', entry);
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
