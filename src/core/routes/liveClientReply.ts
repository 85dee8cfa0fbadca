// Serves the browser half of live reload at LIVE_SCRIPT_PATH: the client script with a content-derived ETag, a
// 304 when the page's cached copy is current (RFC 9110 §13.1.2), 405 for other methods. Split from liveReload.ts,
// which routes the reserved prefix and owns the WebSocket channel; this part needs no state.

import { createHash } from 'node:crypto';
import type { RequestHead } from '../http/requestHead';
import { errorReply, type Reply } from '../http/reply';
import { LIVE_CLIENT_SCRIPT } from './liveClient';

const SCRIPT_BODY = Buffer.from(LIVE_CLIENT_SCRIPT, 'utf8');
const SCRIPT_ETAG = `"live-${createHash('sha256').update(SCRIPT_BODY).digest('base64url').slice(0, 16)}"`;

/** GET or HEAD of the injected client: 200 with the script, or 304 when the page already holds this version. */
export function liveClientReply(head: RequestHead): Reply {
  if (head.method !== 'GET' && head.method !== 'HEAD') {
    return errorReply(405, `method ${head.method} not allowed on the live-reload client`, undefined, 'Allow: GET, HEAD\r\n');
  }
  const common = `ETag: ${SCRIPT_ETAG}\r\nCache-Control: no-cache\r\n`;
  const ifNoneMatch = head.ifNoneMatch;
  if (ifNoneMatch !== undefined && (ifNoneMatch.trim() === '*'
    || ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === SCRIPT_ETAG))) {
    return { status: 304, fieldLines: common, reason: 'live-reload client not modified' };
  }
  return {
    status: 200,
    fieldLines: `Content-Type: text/javascript; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\n${common}`
      + `Content-Length: ${SCRIPT_BODY.length}\r\n`,
    body: { kind: 'bytes', bytes: SCRIPT_BODY },
    reason: 'live-reload client',
  };
}
