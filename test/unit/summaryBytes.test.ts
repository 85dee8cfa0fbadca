// The byte writer of the summary line (core/log/summaryBytes.ts) against the string formatter it stands in for:
// the same bytes for every entry it takes, and -1 (nothing counted) for every entry it leaves to the string path.
// Entries are generated from a fixed seed, so a failure repeats; the named cases pin each branch.

import * as assert from 'node:assert/strict';
import { formatSummaryLine } from '../../src/core/log/logFormat';
import { SUMMARY_BYTES_ROOM, writeSummaryBytes } from '../../src/core/log/summaryBytes';
import type { ExchangeRecord } from '../../src/core/events';

const STARTED = new Date(2024, 4, 6, 14, 3, 7, 5).getTime();

function entry(overrides: Partial<ExchangeRecord> = {}): ExchangeRecord {
  return {
    startedAt: STARTED, client: '127.0.0.1:51234', connectionId: 3, requestIndex: 2, method: 'GET', target: '/index.html',
    rawHead: Buffer.from('GET /index.html HTTP/1.1\r\n\r\n', 'latin1'), rawHeadOmitted: 0, bodyPreview: Buffer.alloc(0),
    bodyBytes: 0, status: 200, bytesSent: 215, durationMs: 0.4123, aborted: false, ...overrides,
  };
}

/** What the byte writer printed, or undefined when it declined; the bytes before `at` are left alone. */
function viaBytes(record: ExchangeRecord, at = 7): string | undefined {
  const buffer = Buffer.alloc(at + SUMMARY_BYTES_ROOM, 0x2a);
  const end = writeSummaryBytes(record, buffer, at);
  assert.ok(buffer.subarray(0, at).every((byte) => byte === 0x2a), 'wrote before its offset');
  return end === -1 ? undefined : buffer.toString('utf8', at, end);
}

function expectSame(record: ExchangeRecord): void {
  const printed = viaBytes(record);
  assert.notEqual(printed, undefined, `declined ${JSON.stringify(record.target)}`);
  assert.equal(printed, `${formatSummaryLine(record)}\n`);
}

describe('summaryBytes: the byte writer prints what formatSummaryLine prints', () => {
  const cases: Array<[string, Partial<ExchangeRecord>]> = [
    ['a plain 200', {}],
    ['a 304 with its reason', { status: 304, reason: 'If-None-Match W/"12b-1" matched', durationMs: 12.34 }],
    ['a fallback: reason → path', { reason: 'SPA fallback', servedInstead: '/index.html' }],
    ['notes and an aborted download', { status: 206, bytesSent: 5_000_000, durationMs: 123.6, aborted: true, notes: ['fragment ignored', 'x'] }],
    ['a reason that quotes client text (escaped, non-ASCII)', { status: 404, reason: 'no file "/caf\u00e9\u2192\u001b[31m"' }],
    ['IPv6 client, first request', { client: '[::1]:9', connectionId: 1, requestIndex: 1 }],
    ['midnight, ms 0', { startedAt: new Date(2024, 0, 1, 0, 0, 0, 0).getTime() }],
    ['ms 999, big counters', { startedAt: new Date(2024, 0, 1, 23, 59, 59, 999).getTime(), connectionId: 123456789, requestIndex: 1000000 }],
    ['durations at the rounding edges', { durationMs: 9.995 }],
    ['duration 99.95', { durationMs: 99.95 }],
    ['duration 0', { durationMs: 0 }],
    ['zero bytes sent', { bytesSent: 0, status: 204 }],
    ['every printable ASCII character in the target', { target: `/${Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)).join('')}` }],
  ];
  for (const [name, overrides] of cases) {
    it(name, () => expectSame(entry(overrides)));
  }

  it('agrees on 5,000 generated entries', () => {
    let seed = 0x9e3779b9;
    const random = (): number => {
      seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
    let taken = 0;
    for (let i = 0; i < 5000; i++) {
      const record = entry({
        startedAt: STARTED + Math.floor(random() * 86_400_000),
        client: pick(['127.0.0.1:1', '[::1]:65535', '10.0.0.2:4000']),
        connectionId: Math.floor(random() * 1e6), requestIndex: 1 + Math.floor(random() * 1e4),
        method: pick(['GET', 'HEAD', 'POST', 'PURGE', 'G\u00c9T', 'GET\t']),
        target: pick(['/', '/a%20b', '/caf\u00e9', '/x\u2192y', '/\u0085', '/?q=1&r=2', `/${'long/'.repeat(80)}`]),
        status: pick([0, 100, 200, 206, 304, 404, 500]),
        bytesSent: Math.floor(random() * 2 ** 40),
        durationMs: random() < 0.2 ? random() * 10_000 : random() * 20,
        reason: pick([undefined, undefined, 'range not satisfiable', '\u2039forged\u203a']),
        notes: pick([undefined, ['fragment ignored']]),
        aborted: random() < 0.1,
      });
      const printed = viaBytes(record);
      if (printed !== undefined) {
        taken++;
        assert.equal(printed, `${formatSummaryLine(record)}\n`, JSON.stringify(record));
      }
    }
    assert.ok(taken > 1000, `took only ${taken} of 5,000`); // the fast path must be the usual one
  });
});

describe('summaryBytes: what it leaves to the string path', () => {
  const declined: Array<[string, Partial<ExchangeRecord>]> = [
    ['no request line', { method: undefined, target: undefined, status: 400 }],
    ['no final status yet ("—")', { status: 0 }],
    ['a target that needs escaping', { target: '/a\u2192b' }],
    ['a control character in the method', { method: 'GE\u001bT' }],
    ['a latin1 byte in the target (escapeLogText keeps it, UTF-8 encodes it)', { target: '/caf\u00e9' }],
    ['a target longer than the fast label', { target: `/${'a'.repeat(400)}` }],
    ['a reason too long for the room', { reason: 'x'.repeat(400) }],
    ['a fractional start time', { startedAt: STARTED + 0.5 }],
    ['a negative count', { bytesSent: -1 }],
  ];
  for (const [name, overrides] of declined) {
    it(name, () => assert.equal(viaBytes(entry(overrides)), undefined));
  }
});
