// parseRequestHead (RFC 9112 request line and field lines) as a pure function: valid heads, the same bytes fed as
// growing prefixes, pipelined heads in one buffer, and every malformed form with the status it must produce.

import * as assert from 'node:assert/strict';
import { parseRequestHead } from '../../src/core/http/parser';
import type { ParseResult, RequestHead } from '../../src/core/http/requestHead';
import { DEFAULT_LIMITS } from '../../src/core/options';

const LIMITS = { maxTargetBytes: DEFAULT_LIMITS.maxTargetBytes, maxHeadBytes: DEFAULT_LIMITS.maxHeadBytes };

function parse(text: string | Buffer, offset = 0): ParseResult {
  return parseRequestHead(Buffer.isBuffer(text) ? text : Buffer.from(text, 'latin1'), offset, LIMITS);
}

function head(text: string): RequestHead {
  const result = parse(text);
  assert.equal(result.kind, 'request', `expected a request, got ${JSON.stringify(result)}`);
  return (result as { head: RequestHead }).head;
}

function expectStatus(text: string | Buffer, status: number): void {
  const result = parse(text);
  assert.equal(result.kind, 'error', `expected ${status} for ${JSON.stringify(String(text).slice(0, 80))}, got ${result.kind}`);
  const error = result as { status: number; reason: string };
  assert.equal(error.status, status, error.reason);
  assert.ok(error.reason !== '' && !error.reason.includes('→'), `reason is a plain phrase: ${error.reason}`);
}

const BASE: Omit<RequestHead, 'fields'> = {
  method: 'GET', target: '/', minorVersion: 1, host: 'a', contentLength: undefined, chunked: false,
  connectionClose: false, connectionKeepAlive: false, ifNoneMatch: undefined, ifModifiedSince: undefined,
  range: undefined, ifRange: undefined, expectContinue: false,
};

describe('parser: valid request heads', () => {
  const run = (text: string, expected: Partial<RequestHead>): void => {
    it(JSON.stringify(text), () => {
      const { fields, ...parsed } = head(text);
      assert.ok(Array.isArray(fields));
      assert.deepEqual(parsed, { ...BASE, ...expected });
    });
  };
  run('GET / HTTP/1.1\r\nHost: a\r\n\r\n', {});
  it('keeps every field line in wire order, names lower-cased, values trimmed', () => {
    assert.deepEqual(head('GET / HTTP/1.1\r\nHost: a\r\nX-A:  1 \r\nx-a: 2\r\n\r\n').fields, [['host', 'a'], ['x-a', '1'], ['x-a', '2']]);
  });
  run('HEAD /x?q=1 HTTP/1.1\r\nhOsT:   a  \r\n\r\n', { method: 'HEAD', target: '/x?q=1' });
  run('GET /old HTTP/1.0\r\n\r\n', { target: '/old', minorVersion: 0, host: undefined });
  run('\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n', {});
  run('POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 0012\r\n\r\n', { method: 'POST', target: '/f', contentLength: 12 });
  run('POST /f HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: Chunked\r\n\r\n', { method: 'POST', target: '/f', chunked: true });
  run('GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n', { connectionClose: true });
  run('GET / HTTP/1.0\r\nConnection: Upgrade, Keep-Alive\r\n\r\n', { minorVersion: 0, host: undefined, connectionKeepAlive: true });
  run('GET / HTTP/1.1\r\nHost: a\r\nConnection: keep-alive\r\nConnection: close\r\n\r\n', { connectionClose: true, connectionKeepAlive: true });
  run('GET / HTTP/1.1\r\nHost: a\r\nIf-None-Match: "x"\r\nIf-None-Match: W/"y", "z"\r\n\r\n', { ifNoneMatch: '"x", W/"y", "z"' });
  run('GET / HTTP/1.1\r\nHost: a\r\nIf-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT\r\nRange: bytes=0-9\r\n'
    + 'If-Range: "e"\r\n\r\n', { ifModifiedSince: 'Sat, 01 Jan 2000 00:00:00 GMT', range: 'bytes=0-9', ifRange: '"e"' });
  run('PUT /u HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\nContent-Length: 1\r\n\r\n',
    { method: 'PUT', target: '/u', contentLength: 1, expectContinue: true });
  run('OPTIONS * HTTP/1.1\r\nHost: a\r\nX-Any: caf\xe9\tok\r\n\r\n', { method: 'OPTIONS', target: '*' });

  it('reports where the head starts and ends, skipping leading CRLFs', () => {
    const result = parse('\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\nrest');
    assert.deepEqual([result.kind, (result as { start: number }).start, (result as { end: number }).end], ['request', 4, 31]);
  });
});

describe('parser: incremental input', () => {
  const samples = [
    'GET /a%20b?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nIf-None-Match: "a"\r\nConnection: keep-alive\r\n\r\n',
    '\r\nPOST /up HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n',
    'GET / HTTP/1.0\r\n\r\n',
  ];
  for (const text of samples) {
    it(`every prefix of ${JSON.stringify(text.slice(0, 24))}… is incomplete and the whole is one request`, () => {
      const bytes = Buffer.from(text, 'latin1');
      const whole = parse(bytes);
      assert.equal(whole.kind, 'request');
      assert.equal((whole as { end: number }).end, bytes.length);
      for (let length = 0; length < bytes.length; length++) {
        assert.deepEqual(parse(bytes.subarray(0, length)), { kind: 'incomplete' }, `prefix of ${length} bytes`);
      }
      // The same bytes followed by anything (a body, the next request) parse identically.
      assert.deepEqual(parse(Buffer.concat([bytes, Buffer.from('GET')])), whole);
    });
  }

  it('an error is reported the same once the head is complete, whatever the split', () => {
    const bytes = Buffer.from('GET / HTTP/1.1\r\nHost : a\r\n\r\n', 'latin1');
    for (let length = 0; length < bytes.length; length++) {
      const result = parse(bytes.subarray(0, length));
      assert.ok(result.kind === 'incomplete', `prefix ${length}: ${result.kind}`);
    }
    expectStatus(bytes, 400);
  });

  it('finds three pipelined heads in one buffer by their offsets', () => {
    const parts = ['GET /1 HTTP/1.1\r\nHost: a\r\n\r\n', 'HEAD /2 HTTP/1.1\r\nHost: a\r\n\r\n', '\r\nGET /3 HTTP/1.0\r\n\r\n'];
    const bytes = Buffer.from(parts.join(''), 'latin1');
    const seen: Array<[string, number, number]> = [];
    let offset = 0;
    while (offset < bytes.length) {
      const result = parse(bytes, offset);
      assert.equal(result.kind, 'request');
      const { head: parsed, start, end } = result as { head: RequestHead; start: number; end: number };
      seen.push([parsed.target, start, end]);
      offset = end;
    }
    assert.deepEqual(seen, [['/1', 0, 28], ['/2', 28, 57], ['/3', 59, 78]]);
  });
});

describe('parser: rejected heads', () => {
  const run = (text: string, status: number): void => {
    it(`${status} for ${JSON.stringify(text.length > 70 ? text.slice(0, 70) + '…' : text)}`, () => expectStatus(text, status));
  };
  const h = (fields: string, line = 'GET / HTTP/1.1'): string => `${line}\r\n${fields}\r\n`;
  // Request line (RFC 9112 §3).
  run('GET  / HTTP/1.1\r\nHost: a\r\n\r\n', 400);
  run('GET /  HTTP/1.1\r\nHost: a\r\n\r\n', 400);
  run('GET /\r\nHost: a\r\n\r\n', 400);
  run('GET / \r\nHost: a\r\n\r\n', 400);
  run('GET / http/1.1\r\nHost: a\r\n\r\n', 400);
  run('GET / HTTP/1.10\r\nHost: a\r\n\r\n', 400);
  run('GET / HTTP/1.1 \r\nHost: a\r\n\r\n', 400);
  run(' GET / HTTP/1.1\r\nHost: a\r\n\r\n', 400);
  run('G\x01T / HTTP/1.1\r\nHost: a\r\n\r\n', 400);
  run('GET /\x7f HTTP/1.1\r\nHost: a\r\n\r\n', 400);
  run('GET / HTTP/2.0\r\nHost: a\r\n\r\n', 505);
  run('GET / HTTP/0.9\r\nHost: a\r\n\r\n', 505);
  run('GET / HTTP/3.0\r\nHost: a\r\n\r\n', 505);
  run('GET / HTTP/1.2\r\nHost: a\r\n\r\n', 505);
  // Field lines (RFC 9112 §5).
  run(h('Host : a\r\n'), 400);
  run(h('Host:\ta\r\nX-A\t: b\r\n'), 400);
  run(h('Host: a\r\nX-A: b\r\n  folded\r\n'), 400);
  run(h('Host: a\r\n\tX-A: b\r\n'), 400);
  run(h('Host: a\r\n: empty-name\r\n'), 400);
  run(h('Host: a\r\nNoColon\r\n'), 400);
  run('GET / HTTP/1.1\nHost: a\r\n\r\n', 400);
  run('GET / HTTP/1.1\r\nHost: a\nX: b\r\n\r\n', 400);
  run('GET / HTTP/1.1\r\nHost: a\n\n', 400);
  run('GET / HTTP/1.1\r\nHost: a\r\n\n', 400);
  run(h('Host: a\r\nX-A: b\x01c\r\n'), 400);
  run(h('Host: a\r\nX-A: b\x7f\r\n'), 400);
  run(h('Host: a\r\nX-A: b\rc\r\n'), 400);
  run(h('Host: a\r\nX-A: b\x00\r\n'), 400);
  // Host (RFC 9112 §3.2).
  run(h(''), 400);
  run(h('Host: a\r\nHost: a\r\n'), 400);
  run(h('Host: a\r\nHost: b\r\n'), 400);
  // Message framing (RFC 9112 §6).
  run(h('Host: a\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\n'), 400);
  run(h('Host: a\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n'), 400);
  run(h('Host: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n'), 400);
  run(h('Host: a\r\nContent-Length: 5\r\nContent-Length: 6\r\n'), 400);
  run(h('Host: a\r\nContent-Length: 5, 5\r\n'), 400);
  for (const value of ['-1', '1.5', '0x10', '+5', '', '1 2', '9999999999999999']) {
    run(h(`Host: a\r\nContent-Length: ${value}\r\n`), 400);
  }
  run(h('Host: a\r\nTransfer-Encoding: gzip\r\n'), 400);
  run(h('Host: a\r\nTransfer-Encoding: chunked, gzip\r\n'), 400);
  run(h('Host: a\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n'), 400);
  run(h('Host: a\r\nTransfer-Encoding: gzip, chunked\r\n'), 501);
  run(h('Host: a\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n'), 501);
  run(h('Transfer-Encoding: chunked\r\n', 'POST / HTTP/1.0'), 400);
});

describe('parser: size limits', () => {
  const target = (length: number): string => '/' + 'a'.repeat(length - 1);

  it('accepts a target of exactly 8 KiB', () => {
    assert.equal(head(`GET ${target(8192)} HTTP/1.1\r\nHost: a\r\n\r\n`).target.length, 8192);
  });
  it('414 for a target over 8 KiB in a complete head', () => {
    expectStatus(`GET ${target(8193)} HTTP/1.1\r\nHost: a\r\n\r\n`, 414);
  });
  it('414 for a target over 8 KiB before the request line has even ended', () => {
    const partial = `GET ${target(9000)}`;
    assert.equal(parse(partial.slice(0, 8000)).kind, 'incomplete');
    expectStatus(partial, 414);
  });
  it('431 for a header block over 16 KiB, complete or not', () => {
    const fields = Array.from({ length: 200 }, (_, i) => `X-Filler-${i}: ${'v'.repeat(80)}\r\n`).join('');
    const complete = `GET / HTTP/1.1\r\nHost: a\r\n${fields}\r\n`;
    assert.ok(complete.length > 16 * 1024);
    expectStatus(complete, 431);
    expectStatus(complete.slice(0, 16 * 1024 + 10), 431);
    assert.equal(parse(complete.slice(0, 16 * 1024 - 10)).kind, 'incomplete');
  });
  it('accepts a head of just under 16 KiB', () => {
    const filler = 'x'.repeat(16 * 1024 - 60);
    const text = `GET / HTTP/1.1\r\nHost: a\r\nX-Big: ${filler}\r\n\r\n`;
    assert.ok(text.length <= 16 * 1024);
    assert.equal(head(text).host, 'a');
  });
  it('rejects binary garbage (a TLS ClientHello) at once, without waiting for a head end', () => {
    expectStatus(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01]), 400);
  });
});

describe('parser: leading empty lines (RFC 9112 §2.2) are bounded by the head limit', () => {
  const limit = LIMITS.maxHeadBytes;
  const crlf = (bytes: number): string => '\r\n'.repeat(bytes / 2);

  it('ignores empty lines up to the head limit', () => {
    assert.equal(parse(crlf(limit)).kind, 'incomplete');
    const result = parse(crlf(limit - 1024) + 'GET / HTTP/1.1\r\nHost: a\r\n\r\n');
    assert.deepEqual([result.kind, (result as { start: number }).start], ['request', limit - 1024]);
  });

  it('400 at once when the empty lines alone exceed the head limit, before any request line', () => {
    expectStatus(crlf(limit + 2), 400);
    const result = parse(crlf(limit + 2)) as { reason: string };
    assert.match(result.reason, /empty lines before the request line/);
    expectStatus(crlf(limit + 2) + 'GET / HTTP/1.1\r\nHost: a\r\n\r\n', 400);
    expectStatus(crlf(4 * limit), 400);
  });

  it('counts the empty lines against the head limit together with the head', () => {
    const request = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';
    const fits = crlf(limit - 64) + request;
    assert.ok(fits.length <= limit);
    assert.equal(parse(fits).kind, 'request');
    expectStatus(crlf(limit - 16) + request, 431);
    expectStatus(crlf(limit - 16) + 'GET / HTTP/1.1\r\nHost: a\r\nX-More: 1', 431);
  });

  it('growing a stream of CRLFs two bytes at a time: incomplete, then refused, with bounded work per call', () => {
    // The connection re-parses its whole buffer on every packet: each call must scan a bounded span.
    const bytes = Buffer.from(crlf(limit + 2), 'latin1');
    const started = performance.now();
    for (let length = 2; length <= limit; length += 2) {
      assert.equal(parse(bytes.subarray(0, length)).kind, 'incomplete');
    }
    expectStatus(bytes, 400);
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 2000, `${elapsed} ms for ${limit / 2} calls`);
    // However long the stream already is, one call answers after at most a head's worth of scanning.
    const huge = Buffer.from(crlf(8 * 1024 * 1024), 'latin1');
    const once = performance.now();
    for (let call = 0; call < 100; call++) {
      assert.equal(parse(huge).kind, 'error');
    }
    assert.ok(performance.now() - once < 500, 'a call does not scan the whole buffer');
  });

  it('counts from the given offset, so pipelined requests do not add up', () => {
    const first = 'GET /1 HTTP/1.1\r\nHost: a\r\n\r\n';
    const bytes = Buffer.from(first + crlf(limit - 1024) + 'GET /2 HTTP/1.1\r\nHost: a\r\n\r\n', 'latin1');
    const result = parse(bytes, first.length);
    assert.equal(result.kind, 'request');
    assert.equal((result as { head: RequestHead }).head.target, '/2');
  });
});
