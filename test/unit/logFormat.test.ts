// Request-log formatting: the summary line's fields, the raw head printed byte-exact when clean, control and
// non-ASCII bytes escaped so no request can forge a summary line ("→"), and the bounded body preview.

import * as assert from 'node:assert/strict';
import { escapeRawBytes, formatClock, formatLogEntry, formatSummaryLine } from '../../src/core/log/logFormat';
import type { RequestLogEntry } from '../../src/core/events';

const STARTED = new Date(2024, 4, 6, 14, 3, 7, 123).getTime(); // local time, as the log shows it
const HEAD = 'GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:8000\r\nUser-Agent: t\r\n\r\n';

function entry(overrides: Partial<RequestLogEntry> = {}): RequestLogEntry {
  return {
    startedAt: STARTED, client: '127.0.0.1:51234', connectionId: 3, requestIndex: 2, method: 'GET', target: '/index.html',
    rawHead: Buffer.from(HEAD, 'latin1'), rawHeadOmitted: 0, bodyPreview: Buffer.alloc(0), bodyBytes: 0, status: 200,
    bytesSent: 215, durationMs: 0.4123, reason: undefined, aborted: false, ...overrides,
  };
}

describe('logFormat: summary line', () => {
  const run = (overrides: Partial<RequestLogEntry>, expected: string): void => {
    it(expected, () => assert.equal(formatSummaryLine(entry(overrides)), expected));
  };
  run({}, '14:03:07.123  127.0.0.1:51234  c3#2  → 200  215 B  0.41 ms');
  run({ status: 304, reason: 'If-None-Match matched → 304', durationMs: 12.34 },
    '14:03:07.123  127.0.0.1:51234  c3#2  → 304  215 B  12.3 ms  If-None-Match matched → 304');
  run({ status: 206, bytesSent: 5_000_000, durationMs: 123.6, aborted: true, reason: 'client went away' },
    '14:03:07.123  127.0.0.1:51234  c3#2  → 206  5000000 B  124 ms  client went away  (incomplete)');
  run({ status: 0, client: '[::1]:9', connectionId: 1, requestIndex: 1 }, '14:03:07.123  [::1]:9  c1#1  → —  215 B  0.41 ms');

  it('formats the clock with zero padding', () => {
    assert.equal(formatClock(new Date(2024, 0, 2, 3, 4, 5, 6).getTime()), '03:04:05.006');
  });
});

describe('logFormat: raw bytes', () => {
  const run = (input: Buffer | string, expected: string): void => {
    const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input, 'latin1');
    it(`${JSON.stringify(bytes.toString('latin1'))} → ${JSON.stringify(expected)}`, () => assert.equal(escapeRawBytes(bytes), expected));
  };
  run(HEAD, HEAD);
  run('a\tb\r\n', 'a\tb\r\n');
  run('a\rb', 'a\\rb');
  run('a\nb', 'a\\nb');
  run('a\r\rb\r\n', 'a\\r\\rb\r\n');
  run('\n\r', '\\n\\r');
  run('x\x1B[31mred', 'x\\x1B[31mred');
  run('a\x00b\x7f', 'a\\0b\\x7F');
  run(Buffer.from('é→', 'utf8'), '\\xC3\\xA9\\xE2\\x86\\x92');
});

describe('logFormat: whole entry', () => {
  it('is the summary line, then the head byte for byte', () => {
    assert.equal(formatLogEntry(entry()), `${formatSummaryLine(entry())}\n${HEAD}`);
  });

  it('ends a head that did not end (a rejected request) with a newline, and says when nothing arrived', () => {
    const partial = formatLogEntry(entry({ rawHead: Buffer.from('GET /x HTTP/1.1\r\nHost'), status: 400 }));
    assert.ok(partial.endsWith('\r\nHost\n'), JSON.stringify(partial));
    assert.ok(formatLogEntry(entry({ rawHead: Buffer.alloc(0), status: 408 })).endsWith('\n(no bytes)\n'));
    const cut = formatLogEntry(entry({ rawHead: Buffer.from('GET /aaaa'), rawHeadOmitted: 9000, status: 414 }));
    assert.ok(cut.endsWith('GET /aaaa\n… 9000 more bytes of the head not shown\n'), JSON.stringify(cut));
  });

  it('escapes a forged summary line so that only the first line contains "→"', () => {
    const forged = 'GET / HTTP/1.1\r\nX: a\rb\r\n\r\n14:00:00.000  1.2.3.4:5  c1#1  → 200 OK\x1B[2K\r\n';
    const text = formatLogEntry(entry({
      rawHead: Buffer.from(forged, 'utf8'), bodyBytes: 20, bodyPreview: Buffer.from('\n→ 200 OK\r\n', 'utf8'),
    }));
    const lines = text.split('\n');
    assert.match(lines[0], /→ 200 {2}/);
    for (const line of lines.slice(1)) {
      assert.ok(!line.includes('→'), `line ${JSON.stringify(line)} must not contain "→"`);
    }
    assert.ok(text.includes('X: a\\rb\r\n'), 'lone CR escaped');
    assert.ok(text.includes('\\xE2\\x86\\x92 200 OK\\x1B[2K\r\n'), 'arrow and ESC escaped');
  });

  it('shows the body preview after the head, bounded, with a count of what is not shown', () => {
    const post = 'POST /f HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n';
    const base = { rawHead: Buffer.from(post), status: 405, bodyBytes: 5000, bodyPreview: Buffer.from('a=1&b=2'.repeat(10)) };
    assert.equal(formatLogEntry(entry(base)).split('\n').slice(1).join('\n'),
      `${post}${'a=1&b=2'.repeat(10)}\n… 4930 more body bytes not shown\n`);
    assert.equal(formatLogEntry(entry(base), { maxBodyBytes: 3 }).split('\n').slice(1).join('\n'),
      `${post}a=1\n… 4997 more body bytes not shown\n`);
    assert.equal(formatLogEntry(entry(base), { maxBodyBytes: 0 }).split('\n').slice(1).join('\n'),
      `${post}… 5000 more body bytes not shown\n`);
  });

  it('shows a whole small body without a note', () => {
    const text = formatLogEntry(entry({ bodyBytes: 3, bodyPreview: Buffer.from('abc') }));
    assert.equal(text, `${formatSummaryLine(entry())}\n${HEAD}abc\n`);
  });
});
