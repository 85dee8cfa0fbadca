// The recorded request as raw bytes: as text to read (toRawRequest) and as the exact bytes to send again
// (replayBytes). The body is the wire body (chunked framing kept), so a replay is byte for byte the original; a
// record that kept only part of the head or body cannot be replayed, and says why. Pure: the socket half is
// server/replayClient.ts.

import type { ExchangeRecord } from '../events';
import { RAISE_BODY_LIMIT, recordedRequest } from './recordedRequest';

export type ReplayBytes = { ok: true; bytes: Buffer } | { ok: false; reason: string };

/** The wire body of the record when it is whole: the preview, or a Content-Length body a responder kept. */
function wholeWireBody(record: ExchangeRecord): Buffer | undefined {
  if (record.bodyPreview.length >= record.bodyBytes) {
    return record.bodyPreview;
  }
  const request = recordedRequest(record);
  // Without chunked framing the content is the wire body, so a kept body of the full size is the wire body too.
  return !request.chunked && record.body !== undefined && record.body.length === record.bodyBytes ? record.body : undefined;
}

export function replayBytes(record: ExchangeRecord): ReplayBytes {
  const label = `c${record.connectionId}#${record.requestIndex}`;
  if (record.rawHeadOmitted > 0) {
    return { ok: false, reason: `cannot replay ${label}: ${record.rawHeadOmitted} bytes of its head were not kept` };
  }
  const body = wholeWireBody(record);
  if (body === undefined) {
    return { ok: false, reason: `cannot replay ${label}: its body preview is truncated (${record.bodyPreview.length} of `
      + `${record.bodyBytes} bytes kept; ${RAISE_BODY_LIMIT}, then send the request again)` };
  }
  return { ok: true, bytes: Buffer.concat([record.rawHead, body]) };
}

/** The raw head and the (wire) body as latin1 text, one character per byte; a cut-short body says so. */
export function toRawRequest(record: ExchangeRecord): string {
  const body = wholeWireBody(record) ?? record.bodyPreview;
  const missing = record.bodyBytes - body.length;
  const omitted = record.rawHeadOmitted > 0 ? `\n… ${record.rawHeadOmitted} more bytes of the head not recorded` : '';
  return record.rawHead.toString('latin1') + omitted + body.toString('latin1')
    + (missing > 0 ? `\n… ${missing} more body bytes not recorded` : '');
}
