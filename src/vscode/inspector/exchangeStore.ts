// The inspector's memory: the most recent exchanges of the running server (and of earlier runs in this window),
// newest first, bounded by count (rawHttpServer.inspector.maxRequests) and by bytes (kept bodies are dropped first,
// then the oldest exchanges), so a long session or a flood of uploads cannot grow the extension host. An exchange
// appears when its head is parsed ('requestStart') and is completed in place when it finishes ('request'), so a
// long download or an upgraded connection is visible while it lasts. Listeners hear of changes at most every
// 100 ms: serving never waits for the view. Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import type { ExchangeRecord, RawHttpServer } from '../../core';

export interface StoredExchange {
  /** Increasing over the window's lifetime (across server restarts): the handle commands take. */
  readonly id: number;
  record: ExchangeRecord;
  /** "http://127.0.0.1:8000": where the server that answered was listening (cURL and fetch exports use it). */
  readonly baseUrl: string;
  /** The id of the exchange this one replays, when a replay sent it. */
  replayOf?: number;
}

export interface StoreLimits {
  maxRequests: number;
}

/** Bytes the kept exchanges may hold together (heads, previews, captured bodies). */
const MAX_STORED_BYTES = 64 * 1024 * 1024;
const NOTIFY_MS = 100;

function sizeOf(record: ExchangeRecord): number {
  return record.rawHead.length + record.bodyPreview.length + (record.body?.length ?? 0) + (record.responseHead?.length ?? 0);
}

export class ExchangeStore implements vscode.Disposable {
  private readonly items: StoredExchange[] = []; // oldest first; views read it reversed
  /** The same exchanges by id: finishing, commands and documents look them up once per event, in O(1). */
  private readonly byId = new Map<number, StoredExchange>();
  private readonly open = new Map<string, StoredExchange>();
  private nextId = 1;
  private generation = 0;
  private bytes = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  private readonly finished = new vscode.EventEmitter<StoredExchange>();
  /** Exchanges let go of because of the limits since the last clear. */
  dropped = 0;
  /** Fires (throttled) whenever the list changed. */
  readonly onDidChange = this.changed.event;
  /** Fires once per exchange when it finishes (documents showing it refresh). */
  readonly onDidFinish = this.finished.event;

  constructor(private limits: StoreLimits) {}

  configure(limits: StoreLimits): void {
    this.limits = limits;
    this.enforceLimits();
    this.notify();
  }

  /** Records the server's exchanges until the returned disposable is disposed (the server stopped). */
  attach(server: RawHttpServer, baseUrl: string): vscode.Disposable {
    const generation = ++this.generation;
    const keyOf = (record: ExchangeRecord): string => `${generation}:${record.connectionId}:${record.requestIndex}`;
    const onStart = (record: ExchangeRecord): void => {
      if (this.limits.maxRequests > 0) {
        this.open.set(keyOf(record), this.add(record, baseUrl));
      }
    };
    const onFinish = (record: ExchangeRecord): void => {
      const key = keyOf(record);
      const started = this.open.get(key);
      this.open.delete(key);
      if (started && this.byId.get(started.id) === started) {
        this.bytes += sizeOf(record) - sizeOf(started.record);
        started.record = record;
        this.enforceLimits();
        this.settle(started);
      } else if (this.limits.maxRequests > 0) {
        // Rejected heads (no start event) and exchanges whose start was dropped by the limits meanwhile.
        this.settle(this.add(record, baseUrl));
      }
    };
    server.on('requestStart', onStart);
    server.on('request', onFinish);
    return new vscode.Disposable(() => {
      server.off('requestStart', onStart);
      server.off('request', onFinish);
      // What was still open when the server stopped will never finish: shown as cut short, not as in progress.
      for (const [key, item] of this.open) {
        if (key.startsWith(`${generation}:`)) {
          this.open.delete(key);
          item.record = { ...item.record, aborted: true, notes: [...(item.record.notes ?? []), 'server stopped'] };
          this.settle(item);
        }
      }
    });
  }

  /** Newest first. */
  all(): StoredExchange[] {
    return [...this.items].reverse();
  }

  get(id: number): StoredExchange | undefined {
    return this.byId.get(id);
  }

  latest(): StoredExchange | undefined {
    return this.items[this.items.length - 1];
  }

  get size(): number {
    return this.items.length;
  }

  clear(): void {
    this.items.length = 0;
    this.byId.clear();
    this.open.clear();
    this.bytes = 0;
    this.dropped = 0;
    this.notify();
  }

  /** The first exchange to finish from now on that `matches`, or undefined after `timeoutMs`. */
  waitForFinish(matches: (item: StoredExchange) => boolean, timeoutMs: number): Promise<StoredExchange | undefined> {
    return new Promise((resolve) => {
      const done = (item: StoredExchange | undefined): void => {
        clearTimeout(timer);
        listening.dispose();
        resolve(item);
      };
      const listening = this.finished.event((item) => matches(item) && done(item));
      const timer = setTimeout(() => done(undefined), timeoutMs);
    });
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
    this.finished.dispose();
  }

  private add(record: ExchangeRecord, baseUrl: string): StoredExchange {
    const item: StoredExchange = { id: this.nextId++, record, baseUrl };
    this.items.push(item);
    this.byId.set(item.id, item);
    this.bytes += sizeOf(record);
    this.enforceLimits();
    this.notify();
    return item;
  }

  private settle(item: StoredExchange): void {
    this.notify();
    this.finished.fire(item);
  }

  private enforceLimits(): void {
    while (this.items.length > Math.max(0, this.limits.maxRequests)) {
      this.dropOldest();
    }
    // Over the byte budget: captured bodies go first (the preview stays), oldest first; then whole exchanges.
    for (let i = 0; i < this.items.length - 1 && this.bytes > MAX_STORED_BYTES; i++) {
      const { record } = this.items[i];
      if (record.body !== undefined) {
        this.bytes -= record.body.length;
        this.items[i].record = { ...record, body: undefined, notes: [...(record.notes ?? []), 'kept body dropped (inspector memory limit)'] };
      }
    }
    while (this.items.length > 1 && this.bytes > MAX_STORED_BYTES) {
      this.dropOldest();
    }
  }

  private dropOldest(): void {
    const oldest = this.items.shift();
    if (oldest) {
      this.byId.delete(oldest.id);
      this.bytes -= sizeOf(oldest.record);
      this.dropped++;
    }
  }

  private notify(): void {
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, NOTIFY_MS);
  }
}
