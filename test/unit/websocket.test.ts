// RFC 6455 handshake and frame codec as pure functions: the §1.3 accept example, every refusal of the opening
// handshake, server frame lengths at the 7/16/64-bit boundaries, and the client-frame decoder's rules, with each
// byte stream also fed split at every position.

import * as assert from 'node:assert/strict';
import { parseRequestHead } from '../../src/core/http/parser';
import type { RequestHead } from '../../src/core/http/requestHead';
import { DEFAULT_LIMITS } from '../../src/core/options';
import { acceptKey, checkHandshake, encodeClose, encodeFrame, OPCODE } from '../../src/core/http/websocket';
import { FrameDecoder, type FrameEvent } from '../../src/core/http/websocketDecoder';
import { clientFrame, closePayload, readServerFrames } from '../helpers/wsFrames';

const SAMPLE_KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

function head(lines: string[], requestLine = 'GET /__raw-http/socket HTTP/1.1'): RequestHead {
  const text = [requestLine, 'Host: 127.0.0.1:8000', ...lines, '', ''].join('\r\n');
  const result = parseRequestHead(Buffer.from(text, 'latin1'), 0, DEFAULT_LIMITS);
  assert.equal(result.kind, 'request');
  return (result as { head: RequestHead }).head;
}

const GOOD = ['Upgrade: websocket', 'Connection: Upgrade', `Sec-WebSocket-Key: ${SAMPLE_KEY}`, 'Sec-WebSocket-Version: 13'];
const without = (name: string, ...extra: string[]): string[] => [...GOOD.filter((line) => !line.startsWith(name)), ...extra];

describe('websocket: opening handshake (RFC 6455 §4.2)', () => {
  it('acceptKey gives the §1.3 example value', () => {
    assert.equal(acceptKey(SAMPLE_KEY), 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('accepts a browser handshake, tokens case-insensitive and in lists', () => {
    const result = checkHandshake(head(without('Upgrade', 'upgrade: WebSocket').filter((l) => !l.startsWith('Connection'))
      .concat('Connection: keep-alive, UPGRADE')));
    assert.deepEqual(result, { ok: true, accept: 's3pPLMBiTxaQ9kYGzzhZRbK+xOo=' });
  });

  const refusals: Array<[string, string[], number, string?]> = [
    ['no Upgrade', without('Upgrade'), 400],
    ['Upgrade of another protocol', without('Upgrade', 'Upgrade: h2c'), 400],
    ['no upgrade Connection option', without('Connection', 'Connection: keep-alive'), 400],
    ['no version', without('Sec-WebSocket-Version'), 426],
    ['version 8', without('Sec-WebSocket-Version', 'Sec-WebSocket-Version: 8'), 426],
    ['no key', without('Sec-WebSocket-Key'), 400],
    ['key of 15 bytes', without('Sec-WebSocket-Key', `Sec-WebSocket-Key: ${Buffer.alloc(15, 1).toString('base64')}`), 400],
    ['key of 17 bytes', without('Sec-WebSocket-Key', `Sec-WebSocket-Key: ${Buffer.alloc(17, 1).toString('base64')}`), 400],
    ['key not canonical base64', without('Sec-WebSocket-Key', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZR=='), 400],
    ['two keys', [...GOOD, `Sec-WebSocket-Key: ${SAMPLE_KEY}`], 400],
  ];
  for (const [title, lines, status] of refusals) {
    it(`refuses ${title} with ${status}`, () => {
      const result = checkHandshake(head(lines));
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.status, status);
        assert.doesNotMatch(result.reason, /→/, 'reason is a plain phrase');
        assert.equal(result.fieldLines, status === 426 ? 'Sec-WebSocket-Version: 13\r\n' : '');
      }
    });
  }

  it('refuses POST and HTTP/1.0 with 400', () => {
    for (const line of ['POST /__raw-http/socket HTTP/1.1', 'GET /__raw-http/socket HTTP/1.0']) {
      const result = checkHandshake(head(GOOD, line));
      assert.equal(result.ok ? 0 : result.status, 400, line);
    }
  });
});

describe('websocket: server frames (RFC 6455 §5.2)', () => {
  for (const length of [0, 125, 126, 65535, 65536, 70000]) {
    it(`encodes a ${length}-byte payload unmasked with the shortest length form`, () => {
      const payload = Buffer.alloc(length, 0x61);
      const frame = encodeFrame(OPCODE.binary, payload);
      assert.equal(frame[0], 0x82);
      assert.equal(frame[1] & 0x80, 0, 'server frames are never masked (§5.1)');
      const expectedHeader = length < 126 ? 2 : length <= 0xffff ? 4 : 10;
      assert.equal(frame.length, expectedHeader + length);
      assert.equal(frame[1], length < 126 ? length : length <= 0xffff ? 126 : 127);
      const { frames, rest } = readServerFrames(frame);
      assert.equal(rest.length, 0);
      assert.deepEqual(frames[0].payload, payload);
    });
  }

  it('clears FIN for a fragment and writes text as UTF-8', () => {
    const frame = encodeFrame(OPCODE.text, 'é', false);
    assert.deepEqual([...frame], [0x01, 2, 0xc3, 0xa9]);
  });

  it('encodes a close code and reason, the payload kept within 125 bytes', () => {
    assert.deepEqual([...encodeClose(1001, 'bye')], [0x88, 5, 0x03, 0xe9, 0x62, 0x79, 0x65]);
    assert.ok(encodeClose(1000, 'x'.repeat(300))[1] <= 125);
  });
});

/** Decodes `bytes` whole, then split at every position into two pushes, and byte by byte: all must agree. */
function decodeEverySplit(bytes: Buffer, maxMessageBytes = 1 << 20): FrameEvent[] {
  const whole = new FrameDecoder({ maxMessageBytes }).push(bytes);
  for (let split = 1; split < bytes.length; split++) {
    const decoder = new FrameDecoder({ maxMessageBytes });
    const events = [...decoder.push(bytes.subarray(0, split)), ...decoder.push(bytes.subarray(split))];
    assert.deepEqual(events, whole, `split at ${split}`);
  }
  const byteWise = new FrameDecoder({ maxMessageBytes });
  const events: FrameEvent[] = [];
  for (const byte of bytes) {
    events.push(...byteWise.push(Buffer.from([byte])));
  }
  assert.deepEqual(events, whole, 'byte by byte');
  return whole;
}

const frames = (...parts: Buffer[]): Buffer => Buffer.concat(parts);

describe('websocket: client frame decoder (RFC 6455 §5)', () => {
  it('decodes masked text, binary, ping and pong', () => {
    const events = decodeEverySplit(frames(clientFrame(1, 'héllo'), clientFrame(2, Buffer.from([0, 255])),
      clientFrame(9, 'p'), clientFrame(10, ''), clientFrame(1, '')));
    assert.deepEqual(events, [
      { kind: 'text', text: 'héllo' }, { kind: 'binary', data: Buffer.from([0, 255]) },
      { kind: 'ping', data: Buffer.from('p') }, { kind: 'pong', data: Buffer.alloc(0) }, { kind: 'text', text: '' },
    ]);
  });

  it('decodes 16-bit and 64-bit lengths', () => {
    const medium = 'm'.repeat(300);
    const large = 'L'.repeat(70000);
    const events = new FrameDecoder({ maxMessageBytes: 1 << 20 }).push(frames(clientFrame(1, medium), clientFrame(1, large)));
    assert.deepEqual(events, [{ kind: 'text', text: medium }, { kind: 'text', text: large }]);
  });

  it('reassembles fragments with a ping interleaved (§5.4), a UTF-8 sequence split across fragments', () => {
    const euro = Buffer.from('€', 'utf8');
    const events = decodeEverySplit(frames(
      clientFrame(1, Buffer.concat([Buffer.from('a'), euro.subarray(0, 1)]), { fin: false }),
      clientFrame(9, 'in between'),
      clientFrame(0, euro.subarray(1), { fin: false }),
      clientFrame(0, 'z'),
    ));
    assert.deepEqual(events, [{ kind: 'ping', data: Buffer.from('in between') }, { kind: 'text', text: 'a€z' }]);
  });

  it('parses close codes and reasons; an empty close means 1005 (§7.4)', () => {
    assert.deepEqual(decodeEverySplit(clientFrame(8, closePayload(1000, 'done ✓'))), [{ kind: 'close', code: 1000, reason: 'done ✓' }]);
    assert.deepEqual(decodeEverySplit(clientFrame(8, '')), [{ kind: 'close', code: 1005, reason: '' }]);
    assert.deepEqual(decodeEverySplit(clientFrame(8, closePayload(4000))), [{ kind: 'close', code: 4000, reason: '' }]);
  });

  it('ignores bytes after a close', () => {
    const events = decodeEverySplit(frames(clientFrame(8, closePayload(1001)), clientFrame(1, 'late'), Buffer.from([0xff])));
    assert.deepEqual(events, [{ kind: 'close', code: 1001, reason: '' }]);
  });

  const failures: Array<[string, Buffer, number, number?]> = [
    ['an unmasked frame', clientFrame(1, 'x', { masked: false }), 1002],
    ['RSV1 without an extension', clientFrame(1, 'x', { rsv: 4 }), 1002],
    ['RSV3 without an extension', clientFrame(1, 'x', { rsv: 1 }), 1002],
    ['a reserved data opcode', clientFrame(3, 'x'), 1002],
    ['a reserved control opcode', clientFrame(0xb, 'x'), 1002],
    ['a fragmented ping', clientFrame(9, 'x', { fin: false }), 1002],
    ['a 126-byte ping', clientFrame(9, Buffer.alloc(126)), 1002],
    ['a continuation with no message', clientFrame(0, 'x'), 1002],
    ['a new message inside a fragmented one', frames(clientFrame(1, 'a', { fin: false }), clientFrame(1, 'b')), 1002],
    ['invalid UTF-8 in a text message', clientFrame(1, Buffer.from([0x61, 0xc3, 0x28])), 1007],
    ['a text message ending mid-sequence', clientFrame(1, Buffer.from([0xe2, 0x82])), 1007],
    ['invalid UTF-8 in a close reason', clientFrame(8, Buffer.concat([closePayload(1000), Buffer.from([0xff])])), 1007],
    ['a 1-byte close payload', clientFrame(8, Buffer.from([3])), 1002],
    ...[0, 999, 1004, 1005, 1006, 1015, 2000, 2999, 5000].map((code): [string, Buffer, number] =>
      [`close code ${code}`, clientFrame(8, closePayload(code)), 1002]),
    ['a message over the limit', clientFrame(2, Buffer.alloc(101)), 1009, 100],
    ['fragments together over the limit', frames(clientFrame(1, 'x'.repeat(60), { fin: false }), clientFrame(0, 'y'.repeat(41))), 1009, 100],
  ];
  for (const [title, bytes, code, limit] of failures) {
    it(`fails ${title} with ${code}`, () => {
      const events = decodeEverySplit(Buffer.concat([bytes, clientFrame(1, 'after')]), limit);
      assert.equal(events.length, 1, JSON.stringify(events));
      assert.equal(events[0].kind, 'error');
      assert.equal((events[0] as { code: number }).code, code);
    });
  }

  it('accepts a message exactly at the limit', () => {
    assert.deepEqual(decodeEverySplit(clientFrame(2, Buffer.alloc(100)), 100), [{ kind: 'binary', data: Buffer.alloc(100) }]);
  });

  it('fails an oversized frame from its header alone, before the payload arrives', () => {
    const decoder = new FrameDecoder({ maxMessageBytes: 1000 });
    const events = decoder.push(clientFrame(2, Buffer.alloc(5000)).subarray(0, 8));
    assert.deepEqual(events.map((event) => event.kind), ['error']);
    assert.ok(decoder.finished);
  });
});
