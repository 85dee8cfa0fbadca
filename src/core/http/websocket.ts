// RFC 6455 (WebSocket) for a server: the opening handshake check (§4.2.1–§4.2.2), the frame encoder (§5.2) and
// the codes both directions share. Pure: no sockets. Client frames are decoded in websocketDecoder.ts.

import { createHash } from 'node:crypto';
import { fieldValue, type RequestHead } from './requestHead';

/** §1.3: the GUID appended to the client's key before hashing. */
const HANDSHAKE_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

export const OPCODE = { continuation: 0x0, text: 0x1, binary: 0x2, close: 0x8, ping: 0x9, pong: 0xa } as const;
export type Opcode = (typeof OPCODE)[keyof typeof OPCODE];

/** §7.4.1 status codes this module sends or interprets. */
export const CLOSE_CODE = {
  normal: 1000, goingAway: 1001, protocolError: 1002, unsupportedData: 1003, noStatus: 1005,
  invalidPayload: 1007, policyViolation: 1008, messageTooBig: 1009, internalError: 1011,
} as const;

/** §4.2.2 step 5.4: base64(SHA-1(key + GUID)). */
export function acceptKey(key: string): string {
  return createHash('sha1').update(key + HANDSHAKE_GUID, 'latin1').digest('base64');
}

export type HandshakeCheck =
  | { ok: true; accept: string }
  /** `fieldLines` (each ending in CRLF) belong in the refusal (426 names the version we speak, §4.2.2 step 4). */
  | { ok: false; status: number; reason: string; fieldLines: string };

function refuse(status: number, reason: string, fieldLines = ''): HandshakeCheck {
  return { ok: false, status, reason, fieldLines };
}

/** Comma-separated tokens of a field, trimmed and lower-cased (RFC 9110 §5.6.1). */
function tokens(value: string | undefined): string[] {
  return value === undefined ? [] : value.split(',').map((token) => token.trim().toLowerCase());
}

/** §4.2.1: what a client's opening handshake must carry; refusals are 400 except a version we do not speak (426). */
export function checkHandshake(head: RequestHead): HandshakeCheck {
  if (head.method !== 'GET') {
    return refuse(400, `WebSocket handshake with method ${head.method} (must be GET)`);
  }
  if (head.minorVersion < 1) {
    return refuse(400, 'WebSocket handshake over HTTP/1.0 (needs HTTP/1.1)');
  }
  if (!tokens(fieldValue(head, 'upgrade')).includes('websocket')) {
    return refuse(400, 'request to the WebSocket endpoint without "Upgrade: websocket"');
  }
  if (!tokens(fieldValue(head, 'connection')).includes('upgrade')) {
    return refuse(400, 'WebSocket handshake without the "upgrade" Connection option');
  }
  const version = fieldValue(head, 'sec-websocket-version');
  if (version?.trim() !== '13') {
    return refuse(426, version === undefined ? 'WebSocket handshake without Sec-WebSocket-Version'
      : `unsupported Sec-WebSocket-Version "${version}"`, 'Sec-WebSocket-Version: 13\r\n');
  }
  const key = fieldValue(head, 'sec-websocket-key');
  // §4.1: the key is a base64-encoded 16-byte nonce; 16 bytes encode to exactly 22 characters and "==".
  if (key === undefined || !/^[A-Za-z0-9+/]{21}[AQgw]==$/.test(key)) {
    return refuse(400, key === undefined ? 'WebSocket handshake without Sec-WebSocket-Key'
      : 'Sec-WebSocket-Key is not base64 of 16 bytes');
  }
  return { ok: true, accept: acceptKey(key) };
}

/** One frame as a server sends it: never masked (§5.1), length in 7, 16 or 64 bits (§5.2). */
export function encodeFrame(opcode: Opcode, payload: Buffer | string = Buffer.alloc(0), fin = true): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const length = body.length;
  const headerLength = length < 126 ? 2 : length <= 0xffff ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + length);
  frame[0] = (fin ? 0x80 : 0) | opcode;
  if (length < 126) {
    frame[1] = length;
  } else if (length <= 0xffff) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  body.copy(frame, headerLength);
  return frame;
}

/** A Close frame (§5.5.1): the code, then a UTF-8 reason trimmed so the payload stays within 125 bytes (§5.5). */
export function encodeClose(code: number, reason = ''): Buffer {
  let reasonBytes = Buffer.from(reason, 'utf8');
  while (reasonBytes.length > 123) {
    reason = reason.slice(0, -1);
    reasonBytes = Buffer.from(reason, 'utf8');
  }
  const payload = Buffer.allocUnsafe(2 + reasonBytes.length);
  payload.writeUInt16BE(code, 0);
  reasonBytes.copy(payload, 2);
  return encodeFrame(OPCODE.close, payload);
}

/** §7.4: codes an endpoint may put in a Close frame (1004–1006 and 1015 are reserved; 3000–4999 are for apps). */
export function isValidCloseCode(code: number): boolean {
  return (code >= 1000 && code <= 1014 && code !== 1004 && code !== 1005 && code !== 1006) || (code >= 3000 && code <= 4999);
}
