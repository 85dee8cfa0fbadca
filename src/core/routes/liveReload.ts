// The live-reload responder: answers the reserved prefix (the browser client via liveClientReply.ts, the WebSocket
// channel, 404 for the rest), keeps the open pages, pings them, and turns file changes into CSS swaps or reloads.
// Everything outside the prefix passes to the next responder. Place it after the Host allowlist (liveHandshake.ts
// says why).

import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { errorReply } from '../http/reply';
import { LIVE_SCRIPT_PATH, LIVE_SOCKET_PATH, RESERVED_PREFIX } from '../http/reservedPaths';
import { CLOSE_CODE } from '../http/websocket';
import type { Answer, RequestContext, Responder } from '../server/responder';
import { ChangeBatcher, planChanges, summarize, type DebounceTiming } from './liveChanges';
import { liveClientReply } from './liveClientReply';
import { liveSocketReply } from './liveHandshake';
import { LivePeer, type PeerLimits } from './livePeer';

export { LIVE_SCRIPT_PATH, LIVE_SOCKET_PATH, RESERVED_PREFIX } from '../http/reservedPaths';

export interface LiveReloadOptions {
  /** Authorities ("name" or "name:port") besides the request's Host that pages may connect from. */
  allowedHosts?: string[];
  /** Sent in every hello; a page that reconnects to another id reloads. Default: a random id per instance. */
  serverId?: string;
  /** Default 20 s; a page that has not answered one ping by the next is dropped. */
  pingIntervalMs?: number;
  /** Default 30 ms quiet, 200 ms at most. */
  debounce?: DebounceTiming;
  peerLimits?: Partial<PeerLimits>;
}

/** One batch of changes as the log shows it. */
export interface ChangeSummary {
  paths: string[];
  reloaded: number;
  cssSwapped: number;
  /** "style.css changed → 2 pages, CSS swapped". */
  text: string;
}

/** The Server-Timing metric name of servedMarkLine(); liveClient.ts looks for it. */
const SERVED_MARK = 'raw-http-live';

// What a page's reports may hold is bounded by one message's size: a real page's resource list is far smaller.
const DEFAULT_PEER_LIMITS: PeerLimits = {
  maxMessageBytes: 256 * 1024, maxResources: 2000, maxResourceChars: 256 * 1024, closeTimeoutMs: 2000,
};

export class LiveReload extends EventEmitter implements Responder {
  readonly serverId: string;
  private readonly peers = new Map<LivePeer, LivePeer>();
  private allowedAuthorities = new Set<string>();
  private readonly batcher: ChangeBatcher;
  private readonly peerLimits: PeerLimits;
  private readonly pingIntervalMs: number;
  private pingTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  /** performance.now() of the latest change, and of the latest one already sent out in a batch. */
  private lastChangeAt: number | undefined;
  private sentChangeAt: number | undefined;
  /**
   * Changes seen so far, and how many of them went out in a batch. An HTML answer carries the first number as it
   * was when the request came (servedMarkLine), the hello the second, so a page knows exactly whether a change it
   * never heard of came after it was requested: comparing clocks cannot tell (see liveClient.ts).
   */
  private changeSeq = 0;
  private sentChangeSeq = 0;
  /** servedMarkLine()'s line, and the changeSeq it was built for. */
  private markSeq = -1;
  private markLine = '';

  constructor(options: LiveReloadOptions = {}) {
    super();
    this.serverId = options.serverId ?? randomUUID();
    this.setAllowedHosts(options.allowedHosts ?? []);
    this.pingIntervalMs = options.pingIntervalMs ?? 20_000;
    this.peerLimits = { ...DEFAULT_PEER_LIMITS, ...options.peerLimits };
    this.batcher = new ChangeBatcher(options.debounce ?? { quietMs: 30, maxWaitMs: 200 }, (paths) => this.flush(paths));
  }

  override on(event: 'pageCount', listener: (count: number) => void): this;
  override on(event: 'changed', listener: (summary: ChangeSummary) => void): this;
  override on(event: string | symbol, listener: Parameters<EventEmitter['on']>[1]): this {
    return super.on(event, listener);
  }

  /** Open pages (connected sockets). */
  get pageCount(): number {
    return this.peers.size;
  }

  /** Replaces the extra allowed authorities (VS Code learns its forwarded authority after the server starts). */
  setAllowedHosts(authorities: string[]): void {
    this.allowedAuthorities = new Set(authorities.map((entry) => entry.trim().toLowerCase()).filter((entry) => entry !== ''));
  }

  respond(context: RequestContext): Answer {
    const parsed = context.target;
    if (!parsed.ok) {
      return undefined; // The file responder refuses it with the right status.
    }
    const { path, authority } = parsed.target;
    if (!path.startsWith(RESERVED_PREFIX) && path !== RESERVED_PREFIX.slice(0, -1)) {
      return undefined;
    }
    if (path === LIVE_SCRIPT_PATH) {
      return liveClientReply(context.head);
    }
    if (path === LIVE_SOCKET_PATH) {
      return liveSocketReply(context.head, authority ?? context.head.host, this.allowedAuthorities,
        (socket, leftover) => this.attach(socket, leftover));
    }
    return errorReply(404, 'reserved live-reload path');
  }

  /** Paths relative to the served root ("/css/site.css"); batched, then sent as one message per page. */
  changed(urlPaths: string[]): void {
    if (!this.stopped && urlPaths.length > 0) {
      this.lastChangeAt = performance.now();
      this.changeSeq++;
      this.batcher.add(urlPaths);
    }
  }

  /**
   * The field line an HTML answer with the client injected carries: this server and the changes seen when its
   * request came. Server-Timing because it is the one response field a page can read about its own document
   * (PerformanceResourceTiming.serverTiming, W3C Server Timing); it leaves the body and its ETag alone, and a 304
   * carries the current value too. Take it when the request arrives, before the file is read: a change seen
   * after that may have missed the answer.
   */
  servedMarkLine(): string {
    // Taken for every file request: built once per change, not per request.
    if (this.markSeq !== this.changeSeq) {
      this.markSeq = this.changeSeq;
      this.markLine = `Server-Timing: ${SERVED_MARK};desc="${encodeURIComponent(this.serverId)}.${this.changeSeq}"\r\n`;
    }
    return this.markLine;
  }

  /** Server stopping or restarting: every page hears 1001 (§7.4.1) and reconnects to the next server. */
  close(): void {
    this.stopped = true;
    this.batcher.cancel();
    this.stopPinging();
    for (const peer of this.peers.keys()) {
      peer.close(CLOSE_CODE.goingAway, 'server restarting');
    }
  }

  private attach(socket: Socket, leftover: Buffer): void {
    if (this.stopped) {
      socket.destroy();
      return;
    }
    const peer = new LivePeer(socket, this.peerLimits, (gone) => this.remove(gone));
    this.peers.set(peer, peer);
    this.emit('pageCount', this.peers.size);
    this.startPinging();
    // A page whose files were requested before a change that went out before its socket opened never heard of
    // it: the hello says how long ago that change came (a duration, so the page's clock needs no agreement with
    // ours), and the page reloads if it was requested earlier than that.
    const changedMsAgo = this.sentChangeAt === undefined ? undefined : Math.round(performance.now() - this.sentChangeAt);
    const changeSeq = this.sentChangeSeq === 0 ? undefined : this.sentChangeSeq;
    peer.sendText(JSON.stringify({ type: 'hello', serverId: this.serverId, changedMsAgo, changeSeq }));
    if (leftover.length > 0) {
      peer.receive(leftover);
    }
  }

  private remove(peer: LivePeer): void {
    if (this.peers.delete(peer)) {
      this.emit('pageCount', this.peers.size);
    }
    if (this.peers.size === 0) {
      this.stopPinging();
    }
  }

  private startPinging(): void {
    if (this.pingTimer === undefined) {
      this.pingTimer = setInterval(() => this.pingAll(), this.pingIntervalMs);
      this.pingTimer.unref();
    }
  }

  private stopPinging(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
  }

  /** §5.5.2 keep-alive: a page silent since the last ping is gone (a laptop lid closed, a dropped network). */
  private pingAll(): void {
    for (const peer of this.peers.keys()) {
      if (peer.awaitingPong) {
        peer.terminate();
      } else {
        peer.ping();
      }
    }
  }

  private flush(paths: string[]): void {
    this.sentChangeAt = this.lastChangeAt;
    this.sentChangeSeq = this.changeSeq; // the batch holds every change seen so far
    const plan = planChanges(paths, this.peers);
    for (const peer of plan.reload) {
      peer.sendText('{"type":"reload"}');
    }
    for (const { peer, paths: cssPaths } of plan.swapCss) {
      peer.sendText(JSON.stringify({ type: 'css', paths: cssPaths }));
    }
    const summary: ChangeSummary = {
      paths, reloaded: plan.reload.length, cssSwapped: plan.swapCss.length,
      text: summarize(paths, plan.reload.length, plan.swapCss.length),
    };
    this.emit('changed', summary);
  }
}
