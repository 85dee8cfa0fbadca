// RFC 6455 §5: the incremental decoder for frames a client sends. Pure: bytes split at any position decode to the
// same events; it validates masking, RSV bits, opcodes, control-frame rules, message size, UTF-8 and close codes.

import { TextDecoder } from 'node:util';
import { CLOSE_CODE, isValidCloseCode, OPCODE } from './websocket';

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
