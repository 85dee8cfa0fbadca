// Body readers (RFC 9112 §6.3, §7.1): a Content-Length body and chunked bodies fed whole, in pieces and one byte at
// a time; where the body ends (so the next pipelined request starts there); malformed chunking → 400; too big → 413.

import * as assert from 'node:assert/strict';
import { ChunkedBodyReader, FixedLengthBodyReader, type BodyProgress, type BodyReader } from '../../src/core/http/bodyFraming';

const NEXT = 'GET / HTTP/1.1\r\n';

/** Feeds `chunks` in order; returns the bytes the body consumed and the last progress. */
function feedAll(reader: BodyReader, chunks: Buffer[]): { consumed: number; last: BodyProgress } {
  let consumed = 0;
  let last: BodyProgress = { consumed: 0, done: false };
  for (const chunk of chunks) {
    last = reader.feed(chunk, 0);
    consumed += last.consumed;
    if (last.done || last.error) {
      break;
    }
  }
  return { consumed, last };
}

function bytesOf(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}

describe('body: FixedLengthBodyReader', () => {
  it('consumes exactly Content-Length bytes across chunks and leaves the rest', () => {
    const reader = new FixedLengthBodyReader(10);
    assert.deepEqual(reader.feed(bytesOf('abc'), 0), { consumed: 3, done: false });
    assert.deepEqual(reader.feed(bytesOf('xxdefg'), 2), { consumed: 4, done: false });
    assert.deepEqual(reader.feed(bytesOf(`hij${NEXT}`), 0), { consumed: 3, done: true });
  });

  it('is done at once for an empty buffer when nothing remains, and never consumes past the end', () => {
    const reader = new FixedLengthBodyReader(2);
    assert.deepEqual(reader.feed(bytesOf(''), 0), { consumed: 0, done: false });
    assert.deepEqual(reader.feed(bytesOf('abcd'), 0), { consumed: 2, done: true });
  });
});

describe('body: ChunkedBodyReader accepts valid bodies', () => {
  const valid = [
    '0\r\n\r\n',
    '5\r\nhello\r\n0\r\n\r\n',
    '5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n',
    'A\r\n0123456789\r\n000\r\n\r\n',
    'a\r\n\r\n\r\n\r\n\r\n\r\n\r\n0\r\n\r\n',
    '5;name=value;x\r\nhello\r\n0;last\r\n\r\n',
    '3\r\nabc\r\n0\r\nX-Trailer: 1\r\nChecksum: abc\r\n\r\n',
    'fF\r\n' + 'z'.repeat(255) + '\r\n0\r\n\r\n',
  ];
  for (const body of valid) {
    it(`${JSON.stringify(body.length > 50 ? body.slice(0, 50) + '…' : body)} whole, then split at every byte`, () => {
      const bytes = bytesOf(body + NEXT);
      const whole = feedAll(new ChunkedBodyReader(1024), [bytes]);
      assert.deepEqual([whole.consumed, whole.last.done, whole.last.error], [body.length, true, undefined]);
      for (let cut = 1; cut < body.length; cut++) {
        const split = feedAll(new ChunkedBodyReader(1024), [bytes.subarray(0, cut), bytes.subarray(cut)]);
        assert.deepEqual([split.consumed, split.last.done], [body.length, true], `split at ${cut}`);
      }
      const single = feedAll(new ChunkedBodyReader(1024), [...bytes].map((byte) => Buffer.from([byte])));
      assert.deepEqual([single.consumed, single.last.done], [body.length, true], 'one byte at a time');
    });
  }

  it('reports progress as not done while the terminating CRLF is missing', () => {
    const progress = new ChunkedBodyReader(1024).feed(bytesOf('5\r\nhello\r\n0\r\n'), 0);
    assert.deepEqual(progress, { consumed: 13, done: false });
  });

  it('honours the offset argument', () => {
    const progress = new ChunkedBodyReader(1024).feed(bytesOf(`junk2\r\nhi\r\n0\r\n\r\n${NEXT}`), 4);
    assert.deepEqual(progress, { consumed: 12, done: true });
  });
});

describe('body: ChunkedBodyReader rejects malformed bodies', () => {
  const run = (body: string, status: number, max = 1024): void => {
    it(`${status} for ${JSON.stringify(body)}`, () => {
      // Whole, and one byte at a time: the error is the same, and found at the same byte.
      const whole = feedAll(new ChunkedBodyReader(max), [bytesOf(body)]);
      assert.equal(whole.last.error?.status, status, JSON.stringify(whole.last));
      assert.match(whole.last.error?.reason ?? '', new RegExp(`→ ${status}$`));
      assert.equal(whole.last.done, false);
      const single = feedAll(new ChunkedBodyReader(max), [...bytesOf(body)].map((byte) => Buffer.from([byte])));
      assert.deepEqual([single.consumed, single.last.error], [whole.consumed, whole.last.error]);
    });
  };
  run('5\nhello\r\n0\r\n\r\n', 400); // bare LF after the size
  run('5\r\nhello\n0\r\n\r\n', 400); // bare LF after the data
  run('5\r\nhello\r\n0\r\n\n', 400); // bare LF at the end
  run('5\r\nhello\r\n0\r\nX: 1\n\r\n', 400); // bare LF in a trailer
  run('5;ext\nhello\r\n', 400); // bare LF after an extension
  run('zz\r\nhello\r\n', 400); // not hex
  run('\r\n', 400); // no size at all
  run('-5\r\nhello\r\n', 400);
  run('0x5\r\nhello\r\n', 400);
  run('5 \r\nhello\r\n', 400); // whitespace after the size
  run('5\r\nhelloX\r\n', 400); // data longer than its size: no CRLF after the data
  run('5\r\nhello\rX', 400); // CR not followed by LF
  run('5\rX', 400);
  run('000000005\r\nhello\r\n0\r\n\r\n', 400); // nine size digits
  run('5\r\nhello\r\n0\r\n\rX', 400);
  run('400\r\n', 413, 1023); // one chunk over the limit
  run('200\r\n' + 'a'.repeat(512) + '\r\n201\r\n', 413, 1024); // the sum over the limit
  run(`5;${'e'.repeat(5000)}\r\n`, 400); // unbounded extension
  run(`0\r\nX: ${'t'.repeat(5000)}\r\n\r\n`, 400); // unbounded trailer line

  it('accepts a body of exactly the limit', () => {
    const body = '200\r\n' + 'a'.repeat(512) + '\r\n200\r\n' + 'b'.repeat(512) + '\r\n0\r\n\r\n';
    const progress = new ChunkedBodyReader(1024).feed(bytesOf(body), 0);
    assert.deepEqual(progress, { consumed: body.length, done: true });
  });

  it('accepts eight size digits (leading zeros)', () => {
    const progress = new ChunkedBodyReader(1024).feed(bytesOf('00000005\r\nhello\r\n0\r\n\r\n'), 0);
    assert.equal(progress.done, true);
  });
});
