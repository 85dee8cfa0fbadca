// Capture mode, for forms and webhooks: on a path matching one of the `capture` globs any method is accepted, the
// body is kept whole (up to captureMaxBodyBytes: the connection answers 413 past it) and the request is answered
// with `captureStatus` and a JSON echo of what arrived (captureEcho.ts), or with the configured `captureBody` for
// senders that need a fixed answer. Runs after the Host guard and before the static files; logged with reason
// "captured" like any request.

import { compilePathGlob, type PathGlob } from '../http/pathGlob';
import type { RequestHead } from '../http/requestHead';
import type { Reply } from '../http/reply';
import { parseTarget } from '../http/target';
import type { Answer, BodyLimit, RequestContext, Responder } from '../server/responder';
import { captureEcho } from './captureEcho';

export interface CaptureOptions {
  globs: readonly string[];
  maxBodyBytes: number;
  status: number;
  /** undefined: the JSON echo; otherwise this text (JSON → application/json, else text/plain). */
  body: string | undefined;
}

const CAPTURED_REASON = 'captured';

/** RFC 9110 §15.3.5, §15.4.5: a 204 or 304 never has content (and a 204 no Content-Length, §8.6). */
function carriesNoContent(status: number): boolean {
  return status === 204 || status === 304;
}

function contentTypeOf(text: string): string {
  try {
    JSON.parse(text);
    return 'application/json';
  } catch {
    return 'text/plain; charset=utf-8';
  }
}

export class Capture implements Responder {
  private readonly globs: PathGlob[];
  private readonly limit: BodyLimit;
  /** The last target asked about: bodyBytesWanted, bodyLimit and respond ask about the same one in a row. */
  private lastTarget = '';
  private lastMatch = false;

  constructor(private readonly options: CaptureOptions) {
    this.globs = options.globs.map(compilePathGlob);
    this.limit = { maxBytes: options.maxBodyBytes, name: 'the capture limit (captureMaxBodyBytes)' };
  }

  private matches(target: string): boolean {
    if (this.globs.length === 0) {
      return false;
    }
    if (target !== this.lastTarget) {
      const parsed = parseTarget(target);
      this.lastTarget = target;
      this.lastMatch = parsed.ok && this.globs.some((glob) => glob.matches(parsed.target.segments));
    }
    return this.lastMatch;
  }

  bodyBytesWanted(head: RequestHead): number {
    return this.matches(head.target) ? this.options.maxBodyBytes : 0;
  }

  bodyLimit(head: RequestHead): BodyLimit | undefined {
    return this.matches(head.target) ? this.limit : undefined;
  }

  respond(context: RequestContext): Answer {
    if (!context.target.ok || !this.matches(context.head.target)) {
      return undefined;
    }
    const status = this.options.status;
    let text = this.options.body;
    let type = text === undefined ? 'application/json' : contentTypeOf(text);
    if (text === undefined) {
      const echo = captureEcho(context);
      if (echo.error !== undefined) {
        context.note(`body not read whole: ${echo.error}`);
      }
      text = `${JSON.stringify(echo, null, 2)}\n`;
    }
    const lines = 'Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\n';
    if (carriesNoContent(status)) {
      return { status, fieldLines: status === 204 ? lines : `${lines}Content-Length: 0\r\n`, reason: CAPTURED_REASON };
    }
    const bytes = Buffer.from(text, 'utf8');
    type = bytes.length === 0 ? '' : `Content-Type: ${type}\r\n`;
    const reply: Reply = { status, fieldLines: `${type}${lines}Content-Length: ${bytes.length}\r\n`, body: { kind: 'bytes', bytes }, reason: CAPTURED_REASON };
    return reply;
  }
}
