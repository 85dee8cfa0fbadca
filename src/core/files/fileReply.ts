// One file version's answer (RFC 9110 §13, §14): a 304 when the validators match, a 416 or 206 for ranges, else
// 200, with the body from memory or the proven descriptor, and the live-reload client added to HTML when on.
// Split from staticFiles.ts, which finds the file (or overlay buffer, or SPA fallback) and hands it here.

import { decideRange, notModifiedReason } from '../http/conditional';
import { emptyReply, type Reply } from '../http/reply';
import type { RequestContext } from '../server/responder';
import { closeQuietly } from '../closeQuietly';
import { isHtml, withLiveClient } from './liveInjection';
import { linesWithLength, type FileRecord } from './representation';

/**
 * The answer for one file version: `fd` is the proven descriptor of a large file (streamed), undefined for a file
 * whose bytes are in memory; `liveMarkLines` (live reload on, else undefined) adds the client to HTML in memory,
 * and those field lines to its answer, 304 included (what the page learns is current). Every path that sends no
 * file body closes the descriptor.
 */
export function fileReply(original: FileRecord, fd: number | undefined, context: RequestContext, urlPath: string,
  liveMarkLines: string | undefined): Reply {
  const head = context.head;
  let record = original;
  let extraLines = '';
  if (liveMarkLines !== undefined && fd === undefined && isHtml(original)) {
    const live = withLiveClient(original, urlPath);
    record = live.record;
    extraLines = liveMarkLines;
    context.note(live.note);
  }
  const notModified = notModifiedReason(record.validators, head.ifNoneMatch, head.ifModifiedSince);
  if (notModified) {
    release(fd);
    // RFC 9110 §15.4.5: a 304 carries the validators and Cache-Control a 200 would have, and no body.
    return { status: 304, fieldLines: record.fieldLines + extraLines, reason: notModified };
  }
  const isHead = head.method === 'HEAD';
  // RFC 9110 §14.2: Range is defined for GET only; a HEAD gets the full representation's headers.
  const range = isHead ? { kind: 'full' as const } : decideRange(record.size, head.range, head.ifRange, record.validators);
  if (range.kind === 'unsatisfiable') {
    release(fd);
    return emptyReply(416, `Content-Range: bytes */${record.size}\r\n`, `range not satisfiable for ${record.size} bytes`);
  }
  const start = range.kind === 'partial' ? range.start : 0;
  const end = range.kind === 'partial' ? range.end : record.size - 1;
  const length = end - start + 1;
  const status = range.kind === 'partial' ? 206 : 200;
  const rangeLine = status === 206 ? `Content-Range: bytes ${start}-${end}/${record.size}\r\n` : '';
  const reply: Reply = {
    status,
    fieldLines: (status === 200 ? linesWithLength(record) : `${record.fieldLines}${rangeLine}Content-Length: ${length}\r\n`) + extraLines,
    reason: status === 206 ? `range ${start}-${end} of ${record.size}` : range.kind === 'full' ? range.reason : undefined,
  };
  if (isHead || length === 0) {
    release(fd);
  } else if (fd === undefined) {
    reply.body = status === 206 ? { kind: 'bytes', bytes: record.body!.subarray(start, end + 1) } : { kind: 'bytes', bytes: record.body!, stable: true };
  } else {
    reply.body = { kind: 'file', fd, start, end };
  }
  return reply;
}

function release(fd: number | undefined): void {
  if (fd !== undefined) {
    closeQuietly(fd);
  }
}
