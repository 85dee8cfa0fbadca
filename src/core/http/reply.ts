// A reply as responders describe it, and builders for the generated ones (HTML error pages, empty answers). Pure:
// writing a reply to a socket is the connection layer's job.

import type { Socket } from 'node:net';
import { errorPage, HTML_CSP } from './html';

/** A reply's body: bytes, a byte range of an open file, a stream, or a handover of the socket after a 101. */
export type ReplyBody =
  /**
   * `stable`: the responder answers this very Buffer again and again and never changes it (a cached file version),
   * so the connection layer may keep the assembled response with it (server/assembledReplies.ts).
   */
  | { kind: 'bytes'; bytes: Buffer; stable?: boolean }
  /** An inclusive byte range of an open descriptor; the connection layer closes the descriptor when done. */
  | { kind: 'file'; fd: number; start: number; end: number }
  /** Chunks adding up to the reply's Content-Length; the connection pulls them with back-pressure. */
  | { kind: 'stream'; chunks: AsyncIterable<Buffer> }
  /**
   * RFC 9110 §7.8 / RFC 6455 §4.2.2: after the 101 head is written the connection stops reading and hands the
   * socket over, with any bytes that arrived after the request head.
   */
  | { kind: 'upgrade'; accept(socket: Socket, leftover: Buffer): void };

export interface Reply {
  status: number;
  /** Field lines, each ending in CRLF, without Date and Connection (the connection layer adds those). */
  fieldLines: string;
  body?: ReplyBody;
  /** Why the answer is what it is, a plain phrase without the status (see ExchangeRecord.reason). */
  reason?: string;
  /** Close the connection after this reply (framing errors, oversized bodies). */
  close?: boolean;
  /** The path answered instead of the one asked for (SPA fallback), for the log. */
  servedInstead?: string;
}

const HTML_LINES = `Content-Type: text/html; charset=utf-8\r\nContent-Security-Policy: ${HTML_CSP}\r\n`
  + 'X-Content-Type-Options: nosniff\r\nCache-Control: no-cache\r\n';

/** A generated HTML page (listing, error): strict CSP, never cached. */
export function htmlReply(status: number, html: string, reason: string | undefined, extraLines = ''): Reply {
  const bytes = Buffer.from(html, 'utf8');
  return { status, fieldLines: `${HTML_LINES}${extraLines}Content-Length: ${bytes.length}\r\n`, body: { kind: 'bytes', bytes }, reason };
}

/**
 * An error page whose text is `detail` (or the reason). A 400 closes the connection: a malformed request
 * (RFC 9110 §15.5.1) says the client's idea of the protocol is off, so nothing after it can be trusted.
 */
export function errorReply(status: number, reason: string, detail?: string, extraLines = ''): Reply {
  const reply = htmlReply(status, errorPage(status, detail ?? reason), reason, extraLines);
  reply.close = status === 400;
  return reply;
}

export function emptyReply(status: number, extraLines: string, reason: string | undefined): Reply {
  return { status, fieldLines: `${extraLines}Content-Length: 0\r\n`, reason };
}
