// Canned protocol errors (400, 408, 413, 414, 431, 500, 501, 505) belong to the protocol layer, as in Node's
// _http_server.js: the application never sees a request that could not be framed. Each is a small HTML page.

import { errorReply } from '../http/reply';
import type { Reply } from '../http/reply';

export function protocolError(status: number, reason: string): Reply {
  const reply = errorReply(status, reason);
  // Whatever follows a request we could not frame cannot be trusted to start a new request either.
  reply.close = true;
  return reply;
}
