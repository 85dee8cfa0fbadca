// What the server reports: one structured record per exchange (a 'requestStart' event when the head is parsed, a
// 'request' event when the exchange finishes) and notices. Records hold bytes and data; they are formatted once,
// lazily, where the text is written (core/log). Pure declarations.

/**
 * One exchange: a request (answered or refused) and what was sent back. `rawHead` holds the bytes exactly as
 * received: the whole head for a parsed request, or what had arrived (bounded) for a rejected one.
 */
export interface ExchangeRecord {
  /** When the first byte of the request arrived (ms since the epoch). */
  startedAt: number;
  /** Client address as "ip:port" ("[ip]:port" for IPv6). */
  client: string;
  /** Connection number since the server started (1-based) and request number on that connection (1-based). */
  connectionId: number;
  requestIndex: number;
  /** Request line's method and target as received (latin1 text of the raw bytes), when the line could be read. */
  method?: string;
  target?: string;
  rawHead: Buffer;
  /** Bytes of rawHead that were not kept (a rejected head larger than the log keeps). */
  rawHeadOmitted: number;
  /** The first bytes of the body as received on the wire (up to the configured cap), and the total body size. */
  bodyPreview: Buffer;
  bodyBytes: number;
  /**
   * The body's content (framing removed: chunked data decoded), present only when a responder kept it anyway
   * (capture mode, up to its cap); exporters prefer it to the preview, which is of the wire bytes.
   */
  body?: Buffer;
  /** 0 while no final status is known (a start event, or a client that left before an answer). */
  status: number;
  /** Interim responses sent before the final one (e.g. "HTTP/1.1 100 Continue\r\n\r\n"), as sent. */
  interimHeads?: Buffer[];
  /** The final response head exactly as written to the socket (status line to the empty line). */
  responseHead?: Buffer;
  /** Bytes written to the socket for this response (head + body). */
  bytesSent: number;
  durationMs: number;
  /**
   * Why the answer is what it is, as a plain phrase ("If-None-Match matched", "dotfile \".env\" refused"); never
   * carries the status (the formatter adds "→ NNN"). It may quote client data: formatters escape it.
   */
  reason?: string;
  /** The file answered instead of the one asked for (an SPA fallback): shown as "reason → path". */
  servedInstead?: string;
  /** Further facts about the exchange, e.g. "fragment ignored", "live-reload client injected". Escaped likewise. */
  notes?: string[];
  /** True when the response did not complete (client went away, file shrank, write stalled). */
  aborted: boolean;
}

/** @deprecated the old name of ExchangeRecord, kept for the tests and callers that still use it. */
export type RequestLogEntry = ExchangeRecord;

/** Server lifecycle and connection-level events that are not requests (refusals, errors). */
export interface ServerNotice {
  level: 'info' | 'warning' | 'error';
  /** May quote client data: every writer escapes it (core/log). */
  message: string;
  /** What the notice is about when it is not the server itself: 'live' for a live-reload change batch. */
  topic?: 'live';
}
