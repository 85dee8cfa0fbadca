// The seam between the connection layer and whatever answers: a Responder gets a RequestContext and returns a
// Reply (or undefined to let the next responder in the chain answer). Responders are composed in one place
// (core/devServer.ts) and each can be tested alone with a fake context. Pure declarations plus the chain helper.

import type { Socket } from 'node:net';
import type { RequestHead } from '../http/parser';

/** What a responder knows about the request. */
export interface RequestContext {
  /** The parsed head, with every field line (`head.fields`) besides the fields the protocol layer interprets. */
  readonly head: RequestHead;
  /** The head's bytes exactly as received (request line to the empty line). */
  readonly rawHead: Buffer;
  /** "ip:port" ("[ip]:port" for IPv6). */
  readonly client: string;
  readonly connectionId: number;
  readonly requestIndex: number;
  /** The request body as received (framing removed), up to the server's body limit; empty when there was none. */
  readonly body: Buffer;
  /** A fact for the exchange record ("fragment ignored"); shown in the log after the reason. */
  note(text: string): void;
}

/** A reply's body: bytes, a byte range of an open file, a stream, or a handover of the socket after a 101. */
export type ReplyBody =
  | { kind: 'bytes'; bytes: Buffer }
  /** An inclusive byte range of an open descriptor; the connection layer closes the descriptor when done. */
  | { kind: 'file'; fd: number; start: number; end: number }
  /** Chunks of a known total length (the reply's Content-Length); the connection pulls with back-pressure. */
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
}

export type Answer = Reply | undefined;

export interface Responder {
  /** A Reply, or undefined to pass the request on to the next responder. */
  respond(context: RequestContext): Answer | Promise<Answer>;
}

/** Tries responders in order; the first Reply wins; `last` answers what nobody took (a 404, say). */
export function chain(responders: readonly Responder[], last: (context: RequestContext) => Reply | Promise<Reply>): { respond(context: RequestContext): Reply | Promise<Reply> } {
  const from = (index: number, context: RequestContext): Reply | Promise<Reply> => {
    for (let i = index; i < responders.length; i++) {
      const answer = responders[i].respond(context);
      if (answer instanceof Promise) {
        return answer.then((settled) => settled ?? from(i + 1, context));
      }
      if (answer !== undefined) {
        return answer;
      }
    }
    return last(context);
  };
  return { respond: (context) => from(0, context) };
}
