// The seam between the connection layer and whatever answers: a Responder gets a RequestContext and returns a
// Reply, or undefined to let the next responder in the chain answer. Responders are composed in one place
// (core/devServer.ts) and each can be tested alone with a fake context.

import type { RequestHead } from '../http/requestHead';
import type { Reply } from '../http/reply';
import type { TargetResult } from '../http/target';

export type { Reply, ReplyBody } from '../http/reply';

/** What a responder knows about the request. */
export interface RequestContext {
  /** The parsed head, with every field line (`head.fields`) besides the fields the protocol layer interprets. */
  readonly head: RequestHead;
  /** The request target, parsed once (decoded path, segments, query, absolute-form authority) or why it is invalid. */
  readonly target: TargetResult;
  /** The head's bytes exactly as received (request line to the empty line). */
  readonly rawHead: Buffer;
  /** "ip:port" ("[ip]:port" for IPv6). */
  readonly client: string;
  readonly connectionId: number;
  readonly requestIndex: number;
  /**
   * The request body (framing removed), kept up to what the responders asked for with `bodyBytesWanted`; bodies
   * nobody wants are read and discarded by their framing, under the same limits.
   */
  readonly body: Buffer;
  /** The body's full size on the wire (framing removed), whether kept or not. */
  readonly bodyBytes: number;
  /** A fact for the exchange record ("fragment ignored"), shown in the log after the reason. */
  note(text: string): void;
}

export type Answer = Reply | undefined;

/** A body limit a responder sets for the requests it will take, in place of `limits.maxBodyBytes`. */
export interface BodyLimit {
  maxBytes: number;
  /** Names the limit in the 413's reason, e.g. "the capture limit (captureMaxBodyBytes)". */
  name: string;
}

export interface Responder {
  /** A Reply, or undefined to pass the request on to the next responder. */
  respond(context: RequestContext): Answer | Promise<Answer>;
  /** How many body bytes this responder needs kept for `head` (0 or absent: none; the body is discarded). */
  bodyBytesWanted?(head: RequestHead): number;
  /** The body limit for `head` when this responder will take it and needs another than the server-wide one. */
  bodyLimit?(head: RequestHead): BodyLimit | undefined;
}

/** What the connection layer talks to: always answers. */
export interface Application {
  respond(context: RequestContext): Reply | Promise<Reply>;
  bodyBytesWanted(head: RequestHead): number;
  /** The first responder's own body limit for `head`, if any (else the server's `limits.maxBodyBytes`). */
  bodyLimit?(head: RequestHead): BodyLimit | undefined;
}

/** Tries responders in order; the first Reply wins; `last` answers what nobody took. */
export function chain(responders: readonly Responder[], last: (context: RequestContext) => Reply): Application {
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
  // Picked once: most chains have no responder that keeps or limits bodies, and then a request pays nothing here.
  const keepers = responders.filter((responder) => responder.bodyBytesWanted !== undefined);
  const limiters = responders.filter((responder) => responder.bodyLimit !== undefined);
  return {
    respond: (context) => from(0, context),
    bodyBytesWanted: (head) => {
      let most = 0;
      for (const responder of keepers) {
        most = Math.max(most, responder.bodyBytesWanted!(head));
      }
      return most;
    },
    bodyLimit: limiters.length === 0 ? undefined : (head) => {
      for (const responder of limiters) {
        const limit = responder.bodyLimit!(head);
        if (limit !== undefined) {
          return limit;
        }
      }
      return undefined;
    },
  };
}
