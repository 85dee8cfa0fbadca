// Request-log formatting: the summary line's fields, the raw head printed byte-exact when clean, control and
// non-ASCII bytes escaped so no request can forge a summary line ("→"), client text escaped on the summary line,
// secret values redacted, the summary format, response heads marked "← ", and the bounded body preview.

import * as assert from 'node:assert/strict';
import { escapeLogText, escapeRawBytes, formatClock, formatLogEntry, formatSummaryLine } from '../../src/core/log/logFormat';
import { redactionMarker, secretValueRanges } from '../../src/core/log/redact';
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
  run({}, '14:03:07.123  127.0.0.1:51234  c3#2  GET /index.html  → 200  215 B  0.41 ms');
  run({ status: 304, reason: 'If-None-Match matched', durationMs: 12.34 },
    '14:03:07.123  127.0.0.1:51234  c3#2  GET /index.html  → 304  215 B  12.3 ms  If-None-Match matched');
  run({ status: 200, reason: 'SPA fallback', servedInstead: '/index.html' },
    '14:03:07.123  127.0.0.1:51234  c3#2  GET /index.html  → 200  215 B  0.41 ms  SPA fallback → /index.html');
  run({ status: 206, bytesSent: 5_000_000, durationMs: 123.6, aborted: true, reason: 'client went away' },
    '14:03:07.123  127.0.0.1:51234  c3#2  GET /index.html  → 206  5000000 B  124 ms  client went away  (incomplete)');
  run({ status: 0, client: '[::1]:9', connectionId: 1, requestIndex: 1 },
    '14:03:07.123  [::1]:9  c1#1  GET /index.html  → —  215 B  0.41 ms');
  run({ method: 'HEAD', target: '/a?b#c', reason: 'range ignored', notes: ['fragment ignored', 'live-reload client injected'] },
    '14:03:07.123  127.0.0.1:51234  c3#2  HEAD /a?b#c  → 200  215 B  0.41 ms  range ignored; fragment ignored; live-reload client injected');
  run({ notes: ['fragment ignored'], aborted: true },
    '14:03:07.123  127.0.0.1:51234  c3#2  GET /index.html  → 200  215 B  0.41 ms  fragment ignored  (incomplete)');
  run({ method: undefined, target: undefined, rawHead: Buffer.from('GARBAGE\x1B]0;t\x07 \xE2\x86\x92 200\r\nX', 'latin1'), status: 400 },
    '14:03:07.123  127.0.0.1:51234  c3#2  GARBAGE\\x1B]0;t\\x07 \\xE2\\x86\\x92 200  → 400  215 B  0.41 ms');
  run({ method: undefined, target: undefined, rawHead: Buffer.alloc(0), status: 408 },
    '14:03:07.123  127.0.0.1:51234  c3#2  ?  → 408  215 B  0.41 ms');
  run({ method: undefined, target: undefined, rawHead: Buffer.from('\r\n'), status: 400 },
    '14:03:07.123  127.0.0.1:51234  c3#2  ?  → 400  215 B  0.41 ms');
  run({ method: 'BREW', target: undefined, status: 400 }, '14:03:07.123  127.0.0.1:51234  c3#2  BREW ?  → 400  215 B  0.41 ms');
  run({ method: undefined, target: undefined, rawHead: Buffer.from('A'.repeat(130)), status: 414 },
    `14:03:07.123  127.0.0.1:51234  c3#2  ${'A'.repeat(120)}…  → 414  215 B  0.41 ms`);

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

describe('logFormat: client text (escapeLogText)', () => {
  const run = (input: string, expected: string): void => {
    it(`${JSON.stringify(input)} → ${JSON.stringify(expected)}`, () => assert.equal(escapeLogText(input), expected));
  };
  run('/caf\u00E9/\u65E5\u672C.html', '/caf\u00E9/\u65E5\u672C.html'); // printable text of any script stays readable
  run('a\nb\rc\td\0e', 'a\\nb\\rc\\td\\0e');
  run('\x1B]52;c;cHduZWQ=\x07', '\\x1B]52;c;cHduZWQ=\\x07');
  run('x\x7F\u0085\u009By', 'x\\x7F\\x85\\x9By');
  run('a \u2192 200 \u00BB [info] \u2190 \u00AB\u2039\u203A', 'a \\u{2192} 200 \\xBB [info] \\u{2190} \\xAB\\u{2039}\\u{203A}');
  run('\u27F6\u2794\u21D2\u2B95', '\\u{27F6}\\u{2794}\\u{21D2}\\u{2B95}'); // look-alikes of "→" from the arrow blocks
  run('l\u2028p\u2029', 'l\\u{2028}p\\u{2029}');
  run('\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C',
    '\\u{202A}\\u{202B}\\u{202C}\\u{202D}\\u{202E}\\u{2066}\\u{2067}\\u{2068}\\u{2069}\\u{200E}\\u{200F}\\u{61C}');
  run('lone \uD800 pair \uD83D\uDE00', 'lone \\u{D800} pair \uD83D\uDE00');

  it('leaves no byte below 0x20, no 0x7F and no C1 in any of the 0x00–0x9F characters', () => {
    let all = '';
    for (let code = 0; code < 0xa0; code++) {
      all += String.fromCharCode(code);
    }
    // eslint-disable-next-line no-control-regex -- the test looks for control characters
    assert.doesNotMatch(escapeLogText(all), /[\x00-\x1F\x7F-\x9F]/);
  });
});

describe('logFormat: client text on the summary line', () => {
  it('escapes a reason that quotes a decoded path: one line, no forged "→", no terminal escapes', () => {
    const line = formatSummaryLine(entry({
      status: 404, target: '/.x%0A12:00:00.000%20%20c1%231%20%20%E2%86%92%20200',
      reason: 'dotfile ".x\n12:00:00.000  1.2.3.4:5  c1#1  \u2192 200  1 B  1 ms\x1B]0;owned\x07\r\u0085\u009B" refused',
      notes: ['\n\u00BB [info] Stopped'],
    }));
    assert.ok(!line.includes('\n') && !line.includes('\r'), line);
    // eslint-disable-next-line no-control-regex -- the test looks for control characters
    assert.doesNotMatch(line, /[\x00-\x1F\x7F-\x9F\u2028\u2029]/);
    assert.equal(line.split('→').length, 2, `exactly one arrow: ${line}`);
    assert.ok(!line.includes('»'), line);
    assert.ok(line.endsWith('  dotfile ".x\\n12:00:00.000  1.2.3.4:5  c1#1  \\u{2192} 200  1 B  1 ms\\x1B]0;owned\\x07\\r\\x85\\x9B" refused'
      + '; \\n\\xBB [info] Stopped'), line);
  });

  it('escapes the method and target', () => {
    const line = formatSummaryLine(entry({ method: 'G\x1BT', target: '/\u0085\u2192' }));
    assert.match(line, /c3#2 {2}G\\x1BT \/\\x85\\u\{2192\} {2}→ 200/);
  });
});

describe('logFormat: secrets in the raw head', () => {
  const SECRET_HEAD = 'GET / HTTP/1.1\r\nHost: a\r\nCookie: sid=s3cr3t; theme=dark\r\nAUTHORIZATION:Basic dTpw\r\n'
    + 'proxy-authorization : Bearer tok  \r\nX-Cookie: visible\r\nCookieless: visible\r\n\r\n';

  it('redacts Cookie, Authorization and Proxy-Authorization values (any case), keeping the names and byte counts', () => {
    const text = formatLogEntry(entry({ rawHead: Buffer.from(SECRET_HEAD) }));
    assert.equal(text.split('\n').slice(1).join('\n'), 'GET / HTTP/1.1\r\nHost: a\r\nCookie: ‹redacted, 22 bytes›\r\n'
      + 'AUTHORIZATION:‹redacted, 10 bytes›\r\nproxy-authorization : ‹redacted, 10 bytes›  \r\n'
      + 'X-Cookie: visible\r\nCookieless: visible\r\n\r\n');
    assert.ok(!text.includes('s3cr3t') && !text.includes('dTpw') && !text.includes('tok'));
  });

  it('shows them with showSecrets', () => {
    assert.equal(formatLogEntry(entry({ rawHead: Buffer.from(SECRET_HEAD) }), { showSecrets: true }),
      `${formatSummaryLine(entry())}\n${SECRET_HEAD}`);
  });

  it('redacts an obs-fold continuation, a bare-LF line, a head cut short, and escapes the rest as usual', () => {
    const head = 'GET / HTTP/1.1\r\nCookie: a=1\r\n b=2\r\nX: \x1B\r\nAuthorization: x\nY: 1\r\nCookie: cut';
    const text = formatLogEntry(entry({ rawHead: Buffer.from(head, 'latin1'), status: 400 }));
    assert.equal(text.split('\n').slice(1).join('\n'), 'GET / HTTP/1.1\r\nCookie: ‹redacted, 9 bytes›\r\nX: \\x1B\r\n'
      + 'Authorization: ‹redacted, 1 byte›\\nY: 1\r\nCookie: ‹redacted, 3 bytes›\n');
  });

  it('leaves empty values alone and cannot be fooled into a forged marker', () => {
    assert.deepEqual(secretValueRanges(Buffer.from('GET / HTTP/1.1\r\nCookie:\r\nCookie:   \r\n\r\n')), []);
    const forged = Buffer.from(`GET / HTTP/1.1\r\nX: ${redactionMarker(3)}\r\n\r\n`, 'utf8');
    assert.ok(!formatLogEntry(entry({ rawHead: forged })).split('\n').slice(1).join('\n').includes('‹'));
  });
});

describe('logFormat: formats and response heads', () => {
  const RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n';
  const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';

  it('summary format is the summary line alone', () => {
    const record = entry({ bodyBytes: 3, bodyPreview: Buffer.from('abc'), responseHead: Buffer.from(RESPONSE) });
    assert.equal(formatLogEntry(record, { format: 'summary' }), `${formatSummaryLine(record)}\n`);
  });

  it('responseHeads prints the interim and final heads as sent, every line marked "← "', () => {
    const record = entry({ interimHeads: [Buffer.from(CONTINUE)], responseHead: Buffer.from(RESPONSE) });
    const response = '← HTTP/1.1 100 Continue\r\n←\r\n← HTTP/1.1 200 OK\r\n← Content-Length: 5\r\n←\r\n';
    assert.equal(formatLogEntry(record, { responseHeads: true }), `${formatSummaryLine(record)}\n${HEAD}${response}`);
    assert.equal(formatLogEntry(record, { responseHeads: true, format: 'summary' }), `${formatSummaryLine(record)}\n${response}`);
    assert.equal(formatLogEntry(record), `${formatSummaryLine(record)}\n${HEAD}`, 'off by default');
  });

  it('a response head that did not end still ends its last line, and its controls are escaped', () => {
    const record = entry({ responseHead: Buffer.from('HTTP/1.1 200 OK\r\nX: a\nb\x1B', 'latin1') });
    assert.ok(formatLogEntry(record, { responseHeads: true }).endsWith(`${HEAD}← HTTP/1.1 200 OK\r\n← X: a\\nb\\x1B\n`));
  });

  it('no request line can start with the response mark: "←" from a client is escaped', () => {
    const head = Buffer.from('GET / HTTP/1.1\r\n\u2190 HTTP/1.1 200 OK\r\n\r\n', 'utf8');
    const text = formatLogEntry(entry({ rawHead: head, responseHead: Buffer.from(RESPONSE) }), { responseHeads: true });
    assert.deepEqual(text.split('\n').filter((line) => line.startsWith('←')), ['← HTTP/1.1 200 OK\r', '← Content-Length: 5\r', '←\r']);
  });
});
