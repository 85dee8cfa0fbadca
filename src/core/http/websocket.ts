// RFC 6455 (WebSocket) for a server: the opening handshake check (§4.2.1–§4.2.2) and the frame codec (§5).
// Pure: no sockets. The decoder is incremental, so bytes split at any position decode to the same events.

import { createHash } from 'node:crypto';
import { TextDecoder } from 'node:util';
import type { RequestHead } from './parser';
import { fieldValue } from './parser';

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

export type FrameEvent =
  | { kind: 'text'; text: string }
  | { kind: 'binary'; data: Buffer }
  | { kind: 'ping'; data: Buffer }
  | { kind: 'pong'; data: Buffer }
  /** The peer's Close (§5.5.1); code 1005 when it carried none (§7.1.5). Nothing is decoded after it. */
  | { kind: 'close'; code: number; reason: string }
  /** The peer broke the protocol: close with `code` (§7.1.7). Nothing is decoded after it. */
  | { kind: 'error'; code: number; reason: string };

export interface DecoderOptions {
  /** Largest message (all fragments together) accepted; a larger one fails with 1009 (§7.4.1). */
  maxMessageBytes: number;
}

interface FrameHeader {
  fin: boolean;
  opcode: number;
  mask: Buffer;
  payload: Buffer;
  /** Payload bytes received (and unmasked) so far. */
  filled: number;
}

const MAX_HEADER_BYTES = 14;

/** Incremental decoder for frames a client sends (masked, §5.3), reassembling fragmented messages (§5.4). */
export class FrameDecoder {
  private readonly header = Buffer.alloc(MAX_HEADER_BYTES);
  private headerFilled = 0;
  private frame: FrameHeader | undefined;
  /** The data message being reassembled: its opcode, fragments and validated text so far. */
  private message: { opcode: number; bytes: number; parts: Buffer[]; text: string; utf8: TextDecoder | undefined } | undefined;
  private done = false;

  constructor(private readonly options: DecoderOptions) {}

  /** True once a close or an error has been decoded: later bytes are ignored. */
  get finished(): boolean {
    return this.done;
  }

  push(chunk: Buffer): FrameEvent[] {
    const events: FrameEvent[] = [];
    let offset = 0;
    while (!this.done && (offset < chunk.length || (this.frame !== undefined && this.frame.filled === this.frame.payload.length))) {
      if (this.frame === undefined) {
        offset = this.readHeader(chunk, offset, events);
      } else if (this.frame.filled < this.frame.payload.length) {
        offset = this.readPayload(this.frame, chunk, offset);
      } else {
        const frame = this.frame;
        this.frame = undefined;
        this.completeFrame(frame, events);
      }
    }
    return events;
  }

  private fail(events: FrameEvent[], code: number, reason: string): void {
    events.push({ kind: 'error', code, reason });
    this.done = true;
  }

  /** Copies header bytes until the header is whole, validating as soon as the first two bytes are in. */
  private readHeader(chunk: Buffer, offset: number, events: FrameEvent[]): number {
    while (offset < chunk.length) {
      const needed = this.headerFilled < 2 ? 2 : headerSize(this.header[1]);
      if (this.headerFilled === needed) {
        break;
      }
      this.header[this.headerFilled++] = chunk[offset++];
      if (this.headerFilled === 2 && !this.checkFirstBytes(events)) {
        return offset;
      }
    }
    if (this.headerFilled < 2 || this.headerFilled < headerSize(this.header[1])) {
      return offset;
    }
    this.startFrame(events);
    return offset;
  }

  /** §5.2 / §5.5: the rules the first two bytes decide. */
  private checkFirstBytes(events: FrameEvent[]): boolean {
    const [first, second] = this.header;
    const opcode = first & 0x0f;
    const isControl = (opcode & 0x08) !== 0;
    if ((first & 0x70) !== 0) {
      this.fail(events, CLOSE_CODE.protocolError, 'RSV bit set without a negotiated extension');
    } else if ((second & 0x80) === 0) {
      this.fail(events, CLOSE_CODE.protocolError, 'unmasked frame from the client');
    } else if (![0, 1, 2, 8, 9, 10].includes(opcode)) {
      this.fail(events, CLOSE_CODE.protocolError, `reserved opcode 0x${opcode.toString(16)}`);
    } else if (isControl && (first & 0x80) === 0) {
      this.fail(events, CLOSE_CODE.protocolError, 'fragmented control frame');
    } else if (isControl && (second & 0x7f) > 125) {
      this.fail(events, CLOSE_CODE.protocolError, 'control frame over 125 bytes');
    } else if (opcode === OPCODE.continuation && this.message === undefined) {
      this.fail(events, CLOSE_CODE.protocolError, 'continuation frame without a message to continue');
    } else if ((opcode === OPCODE.text || opcode === OPCODE.binary) && this.message !== undefined) {
      this.fail(events, CLOSE_CODE.protocolError, 'new message before the fragmented one finished');
    }
    return !this.done;
  }

  private startFrame(events: FrameEvent[]): void {
    const header = this.header;
    const lengthCode = header[1] & 0x7f;
    let length: number;
    let maskAt = 2;
    if (lengthCode === 126) {
      length = header.readUInt16BE(2);
      maskAt = 4;
    } else if (lengthCode === 127) {
      const high = header.readUInt32BE(2);
      if (high & 0x80000000) {
        this.fail(events, CLOSE_CODE.protocolError, '64-bit payload length with the most significant bit set');
        return;
      }
      // Anything beyond 2^53 is over every limit anyway; keep the arithmetic exact.
      length = high > 0x1fffff ? Number.MAX_SAFE_INTEGER : high * 0x100000000 + header.readUInt32BE(6);
      maskAt = 10;
    } else {
      length = lengthCode;
    }
    const opcode = header[0] & 0x0f;
    const soFar = opcode === OPCODE.continuation ? (this.message?.bytes ?? 0) : 0;
    if ((opcode & 0x08) === 0 && soFar + length > this.options.maxMessageBytes) {
      this.fail(events, CLOSE_CODE.messageTooBig, `message over ${this.options.maxMessageBytes} bytes`);
      return;
    }
    this.frame = {
      fin: (header[0] & 0x80) !== 0, opcode, mask: Buffer.from(header.subarray(maskAt, maskAt + 4)),
      payload: Buffer.allocUnsafe(length), filled: 0,
    };
    this.headerFilled = 0;
  }

  /** §5.3: unmask while copying. */
  private readPayload(frame: FrameHeader, chunk: Buffer, offset: number): number {
    const take = Math.min(chunk.length - offset, frame.payload.length - frame.filled);
    const { payload, mask } = frame;
    for (let i = 0; i < take; i++) {
      const at = frame.filled + i;
      payload[at] = chunk[offset + i] ^ mask[at & 3];
    }
    frame.filled += take;
    return offset + take;
  }

  private completeFrame(frame: FrameHeader, events: FrameEvent[]): void {
    switch (frame.opcode) {
      case OPCODE.ping:
        events.push({ kind: 'ping', data: frame.payload });
        return;
      case OPCODE.pong:
        events.push({ kind: 'pong', data: frame.payload });
        return;
      case OPCODE.close:
        this.completeClose(frame.payload, events);
        return;
      default:
        this.completeData(frame, events);
    }
  }

  /** §5.5.1 / §7.4: an optional 2-byte code and a UTF-8 reason. */
  private completeClose(payload: Buffer, events: FrameEvent[]): void {
    if (payload.length === 0) {
      events.push({ kind: 'close', code: CLOSE_CODE.noStatus, reason: '' });
      this.done = true;
      return;
    }
    const code = payload.length >= 2 ? payload.readUInt16BE(0) : 0;
    if (payload.length === 1 || !isValidCloseCode(code)) {
      this.fail(events, CLOSE_CODE.protocolError, payload.length === 1 ? 'close frame with a 1-byte payload' : `invalid close code ${code}`);
      return;
    }
    const reason = decodeUtf8(payload.subarray(2));
    if (reason === undefined) {
      this.fail(events, CLOSE_CODE.invalidPayload, 'close reason is not valid UTF-8');
      return;
    }
    events.push({ kind: 'close', code, reason });
    this.done = true;
  }

  private completeData(frame: FrameHeader, events: FrameEvent[]): void {
    if (frame.opcode !== OPCODE.continuation) {
      const utf8 = frame.opcode === OPCODE.text ? new TextDecoder('utf-8', { fatal: true }) : undefined;
      this.message = { opcode: frame.opcode, bytes: 0, parts: [], text: '', utf8 };
    }
    const message = this.message!;
    message.bytes += frame.payload.length;
    if (message.utf8) {
      // Streaming decode validates each fragment as it arrives, so bad UTF-8 fails before the message ends (§8.1).
      try {
        message.text += message.utf8.decode(frame.payload, { stream: !frame.fin });
      } catch {
        this.message = undefined;
        this.fail(events, CLOSE_CODE.invalidPayload, 'text message is not valid UTF-8');
        return;
      }
    } else {
      message.parts.push(frame.payload);
    }
    if (!frame.fin) {
      return;
    }
    this.message = undefined;
    events.push(message.utf8 ? { kind: 'text', text: message.text } : { kind: 'binary', data: Buffer.concat(message.parts) });
  }
}

/** Header size from the second byte: 2, plus 2 or 8 length bytes, plus the 4-byte mask key when masked. */
function headerSize(second: number): number {
  const lengthCode = second & 0x7f;
  return 2 + (lengthCode === 126 ? 2 : lengthCode === 127 ? 8 : 0) + ((second & 0x80) !== 0 ? 4 : 0);
}

function decodeUtf8(bytes: Buffer): string | undefined {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return undefined;
  }
}
