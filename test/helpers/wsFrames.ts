// Test helper: WebSocket frames as a client sends them (masked, RFC 6455 §5.3), with knobs to break the rules, and
// a reader for the unmasked frames a server sends. Deliberately independent of src/core/http/websocket.ts.

export interface ClientFrameOptions {
  fin?: boolean;
  /** RSV1–3 as a 3-bit number. */
  rsv?: number;
  /** false sends the frame unmasked (a protocol error for a client). */
  masked?: boolean;
  mask?: Buffer;
}

export function clientFrame(opcode: number, payload: Buffer | string = '', options: ClientFrameOptions = {}): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  const masked = options.masked ?? true;
  const mask = options.mask ?? Buffer.from([0x37, 0xfa, 0x21, 0x3d]);
  const length = body.length;
  const lengthBytes = length < 126 ? Buffer.from([length]) : length <= 0xffff ? Buffer.alloc(3) : Buffer.alloc(9);
  if (length >= 126 && length <= 0xffff) {
    lengthBytes[0] = 126;
    lengthBytes.writeUInt16BE(length, 1);
  } else if (length > 0xffff) {
    lengthBytes[0] = 127;
    lengthBytes.writeBigUInt64BE(BigInt(length), 1);
  }
  lengthBytes[0] |= masked ? 0x80 : 0;
  const first = Buffer.from([((options.fin ?? true) ? 0x80 : 0) | ((options.rsv ?? 0) << 4) | opcode]);
  const data = Buffer.from(body);
  if (masked) {
    for (let i = 0; i < data.length; i++) {
      data[i] ^= mask[i & 3];
    }
  }
  return Buffer.concat([first, lengthBytes, masked ? mask : Buffer.alloc(0), data]);
}

export function closePayload(code: number, reason = ''): Buffer {
  const payload = Buffer.alloc(2 + Buffer.byteLength(reason));
  payload.writeUInt16BE(code, 0);
  payload.write(reason, 2, 'utf8');
  return payload;
}

export interface ServerFrame {
  fin: boolean;
  opcode: number;
  masked: boolean;
  payload: Buffer;
}

/** Splits complete server frames off the front of `bytes`; returns them and the unconsumed rest. */
export function readServerFrames(bytes: Buffer): { frames: ServerFrame[]; rest: Buffer } {
  const frames: ServerFrame[] = [];
  let offset = 0;
  while (bytes.length - offset >= 2) {
    const second = bytes[offset + 1];
    let length = second & 0x7f;
    let at = offset + 2;
    if (length === 126) {
      if (bytes.length < at + 2) {
        break;
      }
      length = bytes.readUInt16BE(at);
      at += 2;
    } else if (length === 127) {
      if (bytes.length < at + 8) {
        break;
      }
      length = Number(bytes.readBigUInt64BE(at));
      at += 8;
    }
    const masked = (second & 0x80) !== 0;
    at += masked ? 4 : 0;
    if (bytes.length < at + length) {
      break;
    }
    frames.push({ fin: (bytes[offset] & 0x80) !== 0, opcode: bytes[offset] & 0x0f, masked, payload: bytes.subarray(at, at + length) });
    offset = at + length;
  }
  return { frames, rest: bytes.subarray(offset) };
}
