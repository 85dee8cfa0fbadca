// Conditional requests and ranges as pure decisions: If-None-Match (weak comparison, lists, "*", precedence over
// If-Modified-Since), If-Modified-Since dates, Range forms and their edge cases, and If-Range (RFC 9110 §13, §14).

import * as assert from 'node:assert/strict';
import { decideRange, notModifiedReason, type RangeDecision, type Validators } from '../../src/core/http/conditional';

const MTIME = Date.UTC(2024, 4, 6, 12, 30, 15) / 1000;
const LAST_MODIFIED = 'Mon, 06 May 2024 12:30:15 GMT';
const WEAK: Validators = { etag: 'W/"a-18f4e"', mtimeSeconds: MTIME, lastModified: LAST_MODIFIED };
const STRONG: Validators = { ...WEAK, etag: '"a-18f4e"' };

describe('preconditions: If-None-Match and If-Modified-Since', () => {
  const run = (ifNoneMatch: string | undefined, ifModifiedSince: string | undefined, notModified: boolean,
    validators = WEAK): void => {
    it(`INM ${JSON.stringify(ifNoneMatch)}, IMS ${JSON.stringify(ifModifiedSince)} → ${notModified ? 304 : 'send'}`, () => {
      const reason = notModifiedReason(validators, ifNoneMatch, ifModifiedSince);
      assert.equal(reason !== undefined, notModified, reason);
      if (reason !== undefined) {
        assert.doesNotMatch(reason, /→/, 'reasons carry no status: the formatter adds it');
      }
    });
  };
  const older = 'Mon, 06 May 2024 12:30:14 GMT';
  const newer = 'Tue, 07 May 2024 00:00:00 GMT';
  run(undefined, undefined, false);
  // If-None-Match: weak comparison, so a strong spelling of our weak tag matches too (RFC 9110 §13.1.2).
  run('W/"a-18f4e"', undefined, true);
  run('"a-18f4e"', undefined, true);
  run('W/"a-18f4e"', undefined, true, STRONG);
  run('"a-18f4f"', undefined, false);
  run('W/"A-18F4E"', undefined, false);
  run('a-18f4e', undefined, false);
  run('"x", W/"a-18f4e" , "y"', undefined, true);
  run('"x","y"', undefined, false);
  run('*', undefined, true);
  run(' * ', undefined, true);
  run('', undefined, false);
  // If-None-Match takes precedence: If-Modified-Since is then ignored either way (RFC 9110 §13.1.3).
  run('"other"', LAST_MODIFIED, false);
  run('"other"', newer, false);
  run('W/"a-18f4e"', older, true);
  // If-Modified-Since alone.
  run(undefined, LAST_MODIFIED, true);
  run(undefined, newer, true);
  run(undefined, older, false);
  run(undefined, 'Monday, 06-May-24 12:30:15 GMT', true); // RFC 850 form
  run(undefined, 'Mon May  6 12:30:15 2024', true); // asctime form
  run(undefined, 'yesterday', false);
  run(undefined, 'Mon, 99 May 2024 12:30:15 GMT', false);
  run(undefined, '', false);
});

describe('preconditions: zone-less asctime dates mean GMT whatever the server\'s time zone', () => {
  const saved = process.env.TZ;
  before(() => { process.env.TZ = 'America/New_York'; }); // Node applies TZ changes at once
  after(() => {
    if (saved === undefined) {
      delete process.env.TZ;
    } else {
      process.env.TZ = saved;
    }
  });
  it('a date one second before Last-Modified is not a 304; the exact date is', () => {
    assert.equal(new Date(2024, 0, 1).getTimezoneOffset() > 0, true, 'TZ took effect');
    assert.equal(notModifiedReason(WEAK, undefined, 'Mon May  6 12:30:14 2024'), undefined);
    assert.equal(notModifiedReason(WEAK, undefined, 'Mon May  6 12:30:15 2024'), 'not modified since If-Modified-Since Mon May  6 12:30:15 2024');
  });
});

describe('preconditions: Range', () => {
  const run = (size: number, range: string | undefined, expected: RangeDecision['kind'], start?: number, end?: number,
    ifRange?: string, validators = WEAK): void => {
    const what = expected === 'partial' ? `${start}-${end}` : expected;
    it(`${JSON.stringify(range)} of ${size} bytes${ifRange ? ` (If-Range ${ifRange})` : ''} → ${what}`, () => {
      const decision = decideRange(size, range, ifRange, validators);
      assert.equal(decision.kind, expected, JSON.stringify(decision));
      if (decision.kind === 'partial') {
        assert.deepEqual([decision.start, decision.end], [start, end]);
      }
    });
  };
  run(100, undefined, 'full');
  run(100, 'bytes=0-9', 'partial', 0, 9);
  run(100, 'bytes=0-0', 'partial', 0, 0);
  run(100, 'bytes=5-', 'partial', 5, 99);
  run(100, 'bytes=-3', 'partial', 97, 99);
  run(100, 'bytes=-100', 'partial', 0, 99);
  run(100, 'bytes=-500', 'partial', 0, 99);
  run(100, 'bytes=90-500', 'partial', 90, 99); // end clamped
  run(100, 'bytes=99-99', 'partial', 99, 99);
  run(100, 'Bytes = 1 - 2', 'partial', 1, 2);
  run(100, 'bytes=1-2,', 'partial', 1, 2);
  run(100, 'bytes=0-9, 200-300', 'partial', 0, 9); // the unsatisfiable part is dropped
  run(100, 'bytes=100-', 'unsatisfiable');
  run(100, 'bytes=100-200', 'unsatisfiable');
  run(100, 'bytes=-0', 'unsatisfiable');
  run(100, 'bytes=200-300, 400-', 'unsatisfiable');
  run(0, 'bytes=0-0', 'unsatisfiable');
  run(0, 'bytes=0-', 'unsatisfiable');
  run(0, 'bytes=-5', 'unsatisfiable');
  // Several satisfiable ranges: the full 200 is allowed (RFC 9110 §14.2).
  run(100, 'bytes=0-9,20-29', 'full');
  run(100, 'bytes=0-9, -5', 'full');
  // Invalid syntax is ignored: the full representation is sent.
  run(100, 'bytes=abc', 'full');
  run(100, 'bytes=5-1', 'full');
  run(100, 'bytes=-', 'full');
  run(100, 'bytes=', 'full');
  run(100, 'bytes=,', 'full');
  run(100, 'bytes=1-2-3', 'full');
  run(100, 'bytes=0-9,x', 'full');
  run(100, 'items=0-9', 'full');
  run(100, 'bytes 0-9', 'full');
  run(100, 'bytes=0x1-5', 'full');
  // If-Range: a date must equal Last-Modified; an entity tag needs a strong match, which weak tags never give.
  run(100, 'bytes=0-9', 'partial', 0, 9, LAST_MODIFIED);
  run(100, 'bytes=0-9', 'full', undefined, undefined, 'Mon, 06 May 2024 12:30:14 GMT');
  run(100, 'bytes=0-9', 'full', undefined, undefined, 'Tue, 07 May 2024 00:00:00 GMT');
  run(100, 'bytes=0-9', 'full', undefined, undefined, 'W/"a-18f4e"');
  run(100, 'bytes=0-9', 'full', undefined, undefined, '"a-18f4e"');
  run(100, 'bytes=0-9', 'partial', 0, 9, '"a-18f4e"', STRONG);
  run(100, 'bytes=0-9', 'full', undefined, undefined, '"other"', STRONG);
  run(100, 'bytes=0-9', 'full', undefined, undefined, 'W/"a-18f4e"', STRONG);
  run(100, 'bytes=500-', 'full', undefined, undefined, '"stale"'); // If-Range fails first: 200, not 416

  it('explains a full answer to a Range in the reason', () => {
    assert.deepEqual(decideRange(100, 'bytes=0-1,5-6', undefined, WEAK),
      { kind: 'full', reason: 'several ranges requested, full file sent' });
    assert.deepEqual(decideRange(100, 'bytes=0-9', '"x"', WEAK), { kind: 'full', reason: 'If-Range did not match, full file sent' });
    assert.deepEqual(decideRange(100, 'bytes=zz', undefined, WEAK), { kind: 'full', reason: 'invalid Range ignored' });
  });
});
