// Body readers report the content bytes (framing removed) to an onData sink, for responders that keep bodies:
// chunk data only (never sizes, extensions, trailers), the same for any split of the input, and nothing past the
// body's end (the next pipelined request is not content).

import * as assert from 'node:assert/strict';
import { FixedLengthBodyReader, type BodyReader } from '../../src/core/http/bodyFraming';
import { ChunkedBodyReader } from '../../src/core/http/chunkedBody';

function collect(make: (sink: (bytes: Buffer) => void) => BodyReader, wire: Buffer, step: number): { content: string; consumed: number } {
  const parts: Buffer[] = [];
  const reader = make((bytes) => parts.push(Buffer.from(bytes)));
  let consumed = 0;
  for (let at = 0; at < wire.length; at += step) {
    const progress = reader.feed(wire.subarray(at, Math.min(wire.length, at + step)), 0);
    consumed += progress.consumed;
    assert.equal(progress.error, undefined);
    if (progress.done) {
      break;
    }
  }
  return { content: Buffer.concat(parts).toString('latin1'), consumed };
}

describe('body readers report content bytes (onData)', () => {
  const chunked = Buffer.from('4;name="v"\r\nWiki\r\n7\r\npedia i\r\nB\r\nn \r\nchunks.\r\n0\r\nExpires: never\r\n\r\nGET / HTTP/1.1\r\n', 'latin1');
  for (const step of [1, 3, 7, chunked.length]) {
    it(`chunked: only chunk-data, fed ${step} byte(s) at a time`, () => {
      const { content, consumed } = collect((sink) => new ChunkedBodyReader(1024, sink), chunked, step);
      assert.equal(content, 'Wikipedia in \r\nchunks.');
      assert.equal(consumed, chunked.indexOf('GET'));
    });
  }

  it('Content-Length: exactly the body, not the pipelined request after it', () => {
    const wire = Buffer.from('hello worldGET / HTTP/1.1\r\n', 'latin1');
    for (const step of [1, 4, wire.length]) {
      assert.equal(collect((sink) => new FixedLengthBodyReader(11, sink), wire, step).content, 'hello world');
    }
  });

  it('without a sink the readers still consume the same bytes', () => {
    assert.equal(new ChunkedBodyReader(1024).feed(chunked, 0).consumed, chunked.indexOf('GET'));
  });
});
