// The "Raw HTTP Server" Output channel: every request as the core formats it (summary line + raw head + body
// preview) and the server's lifecycle lines. Serving never waits for it: entries are queued, formatted and appended
// in batches, and a rate cap turns a flood into one "N requests not shown" line. Only src/vscode/** and
// src/extension.ts import vscode.
import * as vscode from 'vscode';
import { sanitizeLogLine } from '../core/log/escape';
import type { RequestLogEntry, ServerNotice } from '../core/events';
import type { LogSettings } from './config';

export const CHANNEL_NAME = 'Raw HTTP Server';
export const LANGUAGE_ID = 'raw-http-log';

/**
 * What the request log asks of core/log's formatLogEntry(record, options). Declared here so the extension states
 * its needs; the core's formatter takes (at least) these options with these names.
 */
export interface LogFormatOptions {
  /** Body bytes shown at most. */
  maxBodyBytes?: number;
  /** `full`: summary line, raw head, body preview; `summary`: the summary line only. */
  format?: 'full' | 'summary';
  /** Show Cookie/Authorization values as sent; redacted otherwise. */
  showSecrets?: boolean;
  /** Also show the response head as sent. */
  responseHeads?: boolean;
}

export type EntryFormatter = (entry: RequestLogEntry, options?: LogFormatOptions) => string;

/** Lifecycle line levels: the core's notice levels, plus "live" for live-reload changes. */
export type LineLevel = ServerNotice['level'] | 'live';

const FLUSH_MS = 100;
/** Per one-second window; beyond either, requests are counted instead of shown. */
const MAX_ENTRIES_PER_SECOND = 200;
const MAX_CHARS_PER_SECOND = 1_000_000;
const RECENT_KEPT = 50;

export class RequestLog implements vscode.Disposable {
  private readonly channel: vscode.OutputChannel;
  private settings: LogSettings;
  private formatter: EntryFormatter | undefined;
  private pending: Array<RequestLogEntry | string> = [];
  private timer: NodeJS.Timeout | undefined;
  private windowStart = 0;
  private shownInWindow = 0;
  private charsInWindow = 0;
  private hidden = 0;
  private readonly recentEntries: string[] = [];
  private readonly recentLines: string[] = [];

  constructor(settings: LogSettings) {
    this.settings = settings;
    // A plain channel (not { log: true }): that one would prefix every line and reformat the raw bytes.
    this.channel = vscode.window.createOutputChannel(CHANNEL_NAME, LANGUAGE_ID);
  }

  configure(settings: LogSettings): void {
    this.settings = settings;
  }

  /** The core's formatLogEntry, handed over once the core is loaded (the core is not loaded at activation). */
  setFormatter(formatter: EntryFormatter): void {
    this.formatter = formatter;
  }

  /** Called from the server's 'request' event: O(1), no formatting, no I/O. */
  request(entry: RequestLogEntry): void {
    if (this.settings.enabled && this.admit()) {
      this.enqueue(entry);
    }
  }

  /** Core notices (refusals, connection errors) share the rate cap: a flood of refusals must not flood the log. */
  notice(notice: ServerNotice): void {
    if (this.admit()) {
      this.enqueue(lifecycleLine(notice.level, notice.message));
    }
  }

  /** The extension's own lifecycle lines (started, port busy, stopped): rare, always written. */
  line(level: LineLevel, message: string): void {
    this.enqueue(lifecycleLine(level, message));
  }

  show(): void {
    this.channel.show(true);
  }

  /** Recent formatted request entries and lifecycle lines, oldest first (test API). */
  get recent(): { entries: string[]; lines: string[] } {
    return { entries: [...this.recentEntries], lines: [...this.recentLines] };
  }

  flush(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    const parts: string[] = [];
    for (const item of this.pending) {
      const text = typeof item === 'string' ? item : this.formatEntry(item);
      remember(typeof item === 'string' ? this.recentLines : this.recentEntries, text);
      parts.push(text);
    }
    this.pending = [];
    if (this.hidden > 0) {
      const text = lifecycleLine('warning', `${this.hidden} requests not shown (more than ${MAX_ENTRIES_PER_SECOND} per second)`);
      remember(this.recentLines, text);
      parts.push(text);
      this.hidden = 0;
    }
    if (parts.length > 0) {
      this.channel.append(parts.join(''));
    }
  }

  dispose(): void {
    this.flush();
    this.channel.dispose();
  }

  private admit(): boolean {
    const now = Date.now();
    if (now - this.windowStart >= 1000) {
      this.windowStart = now;
      this.shownInWindow = 0;
      this.charsInWindow = 0;
    }
    if (this.shownInWindow >= MAX_ENTRIES_PER_SECOND || this.charsInWindow >= MAX_CHARS_PER_SECOND) {
      this.hidden++;
      this.schedule();
      return false;
    }
    this.shownInWindow++;
    return true;
  }

  private enqueue(item: RequestLogEntry | string): void {
    this.pending.push(item);
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), FLUSH_MS);
  }

  /** The options formatLogEntry gets now: log settings apply to the next entry, without a restart. */
  get formatOptions(): LogFormatOptions {
    const { maxBodyBytes, format, showSecrets, responseHeads } = this.settings;
    return { maxBodyBytes, format, showSecrets, responseHeads };
  }

  private formatEntry(entry: RequestLogEntry): string {
    const text = this.formatter
      ? this.formatter(entry, this.formatOptions)
      : lifecycleLine('info', `${entry.client} ${entry.method ?? '?'} ${entry.target ?? '?'} → ${entry.status}`);
    this.charsInWindow += text.length;
    return text;
  }
}

function remember(list: string[], text: string): void {
  list.push(text);
  if (list.length > RECENT_KEPT) {
    list.shift();
  }
}

/**
 * "12:34:56.789 » [info] message". The "»" is what makes the line unforgeable: raw request bytes outside printable
 * ASCII are always escaped (\xNN), so no request can produce it, just as none can produce a summary line's "→".
 */
export function lifecycleLine(level: LineLevel, message: string): string {
  const now = new Date();
  const time = [now.getHours(), now.getMinutes(), now.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
  // Messages are our sentences (client text inside them is escaped where it is quoted); whatever they quote cannot
  // end the line or drive a terminal: controls, C1, line separators and bidi controls are escaped.
  return `${time}.${String(now.getMilliseconds()).padStart(3, '0')} » [${level}] ${sanitizeLogLine(message)}\n`;
}
