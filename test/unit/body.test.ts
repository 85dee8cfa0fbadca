// Body readers (RFC 9112 §6.3, §7.1): a Content-Length body and chunked bodies fed whole, in pieces and one byte at
// a time; where the body ends (so the next pipelined request starts there); malformed chunking → 400; too big → 413.

import * as assert from 'node:assert/strict';
import { FixedLengthBodyReader, type BodyProgress, type BodyReader } from '../../src/core/http/bodyFraming';
import { ChunkedBodyReader } from '../../src/core/http/chunkedBody';

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
    '2 ; a = b ;\tc\t=\t"q \\" \\\\ \xe9" ;d\r\nhi\r\n0\r\n\r\n',
    '2;a="";b=!#$%&\'*+-.^_`|~\r\nhi\r\n0\r\n\r\n',
    '0\r\nX-Empty:\r\nX-Ws: \t v a l \t\r\nX-Obs: caf\xe9\r\n\r\n',
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
    it(`${status} for ${JSON.stringify(body.length > 60 ? body.slice(0, 60) + '…' : body)}`, () => {
      // Whole, and one byte at a time: the error is the same, and found at the same byte.
      const whole = feedAll(new ChunkedBodyReader(max), [bytesOf(body)]);
      assert.equal(whole.last.error?.status, status, JSON.stringify(whole.last));
      const reason = whole.last.error?.reason ?? '';
      assert.ok(reason !== '' && !reason.includes('→'), `reason is a plain phrase: ${reason}`);
      assert.equal(whole.last.done, false);
      const single = feedAll(new ChunkedBodyReader(max), [...bytesOf(body)].map((byte) => Buffer.from([byte])));
      assert.deepEqual([single.consumed, single.last.error], [whole.consumed, whole.last.error]);
      for (let cut = 1; cut < body.length; cut++) {
        const bytes = bytesOf(body);
        const split = feedAll(new ChunkedBodyReader(max), [bytes.subarray(0, cut), bytes.subarray(cut)]);
        assert.deepEqual([split.consumed, split.last.error], [whole.consumed, whole.last.error], `split at ${cut}`);
      }
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
  run(`5;${'e'.repeat(5000)}\r\n`, 400, 1 << 20); // one over-long extension
  run(`0\r\nX: ${'t'.repeat(5000)}\r\n\r\n`, 400, 1 << 20); // one over-long trailer line
  // Chunk extensions (RFC 9112 §7.1.1): *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] ).
  run('2;\r\nhi\r\n0\r\n\r\n', 400); // empty name
  run('2; \r\nhi\r\n', 400);
  run('2;;a\r\nhi\r\n', 400);
  run('2;=v\r\nhi\r\n', 400);
  run('2;a=\r\nhi\r\n', 400); // empty value
  run('2;a="x\r\nhi\r\n', 400); // unbalanced quote
  run('2;a="x\\"\r\nhi\r\n', 400); // the closing quote is escaped
  run('2;a="x"y\r\nhi\r\n', 400);
  run('2;a=b c\r\nhi\r\n', 400);
  run('2;a b\r\nhi\r\n', 400);
  run('2;a@b\r\nhi\r\n', 400); // "@" is not a tchar
  run('2;a=b@\r\nhi\r\n', 400);
  run('2;a="\x01"\r\nhi\r\n', 400); // control in a quoted value
  run('2;a="\\\x01"\r\nhi\r\n', 400); // control in a quoted-pair
  run('2;a=b \r\nhi\r\n', 400); // trailing whitespace: BWS only before ";" or "="
  run('2 \r\nhi\r\n', 400);
  run('2;a\rb\r\nhi\r\n', 400);
  // Extension and trailer bytes count against the body limit, like data.
  run('1;' + 'e'.repeat(1023) + '\r\n', 413, 1024);
  run('1;a=1\r\nx\r\n'.repeat(250), 413, 1024); // 1000 extension bytes + 250 data bytes
  run('0\r\n' + 'X-T: 1234567\r\n'.repeat(100), 413, 1024);
  run('1\r\nx\r\n0;' + 'e'.repeat(1030) + '\r\n\r\n', 413, 1024);
  // Trailer lines are field lines (RFC 9112 §7.1.2, §5): token ":" OWS field-value OWS.
  run('0\r\nNoColon\r\n\r\n', 400);
  run('0\r\n: v\r\n\r\n', 400);
  run('0\r\nX : v\r\n\r\n', 400);
  run('0\r\nX: a\r\n folded\r\n\r\n', 400); // obs-fold
  run('0\r\n\tX: a\r\n\r\n', 400);
  run('0\r\nX: a\x01b\r\n\r\n', 400);
  run('0\r\nX: a\x7f\r\n\r\n', 400);
  run('0\r\nX: a\rb\r\n\r\n', 400); // bare CR
  run('0\r\nX: a\nY: b\r\n\r\n', 400); // bare LF inside
  run('0\r\nX(y): a\r\n\r\n', 400);

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

describe('body: ChunkedBodyReader counts extension and trailer bytes against the limit', () => {
  it('accepts data, extensions and trailers that together fit exactly', () => {
    // 1000 data bytes + ";abc" + "X: 111…" = the limit (line ends are framing and not counted).
    const ext = ';abc';
    const trailer = 'X: ' + '1'.repeat(1024 - 1000 - ext.length - 3);
    const body = `3e8${ext}\r\n${'a'.repeat(1000)}\r\n0\r\n${trailer}\r\n\r\n`;
    assert.equal(1000 + ext.length + trailer.length, 1024);
    assert.deepEqual(new ChunkedBodyReader(1024).feed(bytesOf(body), 0), { consumed: body.length, done: true });
    const over = `3e8${ext}\r\n${'a'.repeat(1000)}\r\n0\r\nX${trailer}\r\n\r\n`;
    assert.equal(new ChunkedBodyReader(1024).feed(bytesOf(over), 0).error?.status, 413);
  });

  it('stops an endless stream of small chunks with extensions once the limit is reached', () => {
    const reader = new ChunkedBodyReader(64 * 1024);
    const packet = bytesOf(`1;${'e'.repeat(4000)}\r\nx\r\n`.repeat(16));
    let packets = 0;
    let progress: BodyProgress = { consumed: 0, done: false };
    while (!progress.error && packets < 1000) {
      progress = reader.feed(packet, 0);
      packets++;
    }
    assert.equal(progress.error?.status, 413);
    assert.ok(packets <= 2, `refused after ${packets} packets`);
  });
});
