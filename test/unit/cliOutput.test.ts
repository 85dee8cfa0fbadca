// The CLI's stdout log writer: the bytes are formatLogEntry's exactly, entries go out together (20 ms' worth, or a
// turn's once 2,000 are waiting), and a stdout that cannot keep up bounds memory: entries beyond the waiting limit are dropped and counted, and a line in
// their place says how many once the stream drains.

import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { BATCH_RECORDS, DEFAULT_WRITE_DELAY_MS, LogOutput, MAX_WAITING_BYTES, notShownLine } from '../../src/cli/output';
import { formatLogEntry, type LogFormatOptions } from '../../src/core/log/logFormat';
import type { ExchangeRecord } from '../../src/core/events';

class FakeStdout extends EventEmitter {
  readonly writes: Buffer[] = [];
  accepting = true;
  write(chunk: Buffer): boolean {
    this.writes.push(Buffer.from(chunk));
    return this.accepting;
  }
  get text(): string {
    return Buffer.concat(this.writes).toString('utf8');
  }
}

function record(index: number, head = 'GET /index.html HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n\r\n'): ExchangeRecord {
  return {
    startedAt: 1_700_000_000_000 + index, client: '127.0.0.1:51234', connectionId: 1, requestIndex: index, method: 'GET',
    target: '/index.html', rawHead: Buffer.from(head, 'latin1'), rawHeadOmitted: 0, bodyPreview: Buffer.alloc(0),
    bodyBytes: 0, status: 200, bytesSent: 1338, durationMs: 0.4123 + index / 7, aborted: false,
  };
}

describe('CLI log output', () => {
  const options: LogFormatOptions = { format: 'full', responseHeads: false };

  it('writes what formatLogEntry gives, byte for byte, in one write per turn of the event loop (no delay)', async () => {
    const out = new FakeStdout();
    const log = new LogOutput(out as unknown as NodeJS.WritableStream, options, 0);
    const records = [record(1), record(2, 'GET /x HTTP/1.1\r\nCookie: a=b\r\nX: \xe9\x01\r\n\r\n'), record(3)];
    records[1].reason = 'naïve → reason';
    for (const r of records) {
      log.entry(r);
    }
    assert.equal(out.writes.length, 0, 'nothing is written during the turn');
    await nextTurn();
    assert.equal(out.writes.length, 1);
    assert.equal(out.text, records.map((r) => formatLogEntry(r, options)).join(''));
  });

  it('a stdout that cannot keep up: entries wait up to the limit, the rest are counted and said once it drains', async () => {
    const out = new FakeStdout();
    const log = new LogOutput(out as unknown as NodeJS.WritableStream, options, 0);
    out.accepting = false;
    log.entry(record(0));
    await nextTurn(); // the stream now wants draining
    const perEntry = Buffer.byteLength(formatLogEntry(record(1), options));
    const total = Math.ceil(MAX_WAITING_BYTES / perEntry) + 50;
    for (let i = 1; i <= total; i++) {
      log.entry(record(i));
    }
    await nextTurn();
    assert.equal(out.writes.length, 1, 'nothing more is written before drain');
    out.accepting = true;
    out.emit('drain');
    const text = out.text;
    const shown = text.split('\n').filter((line) => line.includes(' → 200 ')).length;
    const dropped = total + 1 - shown;
    assert.ok(dropped >= 50 && shown * (perEntry + 8) >= MAX_WAITING_BYTES, `${shown} shown, ${dropped} dropped`);
    assert.ok(text.endsWith(notShownLine(dropped)), 'the count comes where the entries were dropped');
    log.entry(record(total + 1));
    await nextTurn();
    assert.ok(out.text.endsWith(formatLogEntry(record(total + 1), options)), 'logging goes on after the drain');
  });

  it('by default, turns are gathered: one write after the delay, or at the end of the turn with 2,000 waiting; flush() writes now', async () => {
    const out = new FakeStdout();
    const log = new LogOutput(out as unknown as NodeJS.WritableStream, options);
    log.entry(record(1));
    await nextTurn();
    log.entry(record(2));
    await nextTurn();
    assert.equal(out.writes.length, 0, 'two turns, nothing written yet');
    await sleep(DEFAULT_WRITE_DELAY_MS + 30);
    assert.equal(out.writes.length, 1, 'both turns in one write after the delay');
    assert.equal(out.text, formatLogEntry(record(1), options) + formatLogEntry(record(2), options));
    for (let i = 0; i < BATCH_RECORDS; i++) {
      log.entry(record(3 + i));
    }
    assert.equal(out.writes.length, 1, 'never inside entry(): it runs in the server\'s request event');
    await nextTurn();
    assert.ok(out.writes.length > 1, 'a full batch goes out at the end of its turn (in 64 KiB pieces)');
    assert.ok(out.text.endsWith(formatLogEntry(record(2 + BATCH_RECORDS), options)));
    log.entry(record(0));
    log.flush();
    assert.ok(out.text.endsWith(formatLogEntry(record(0), options)), 'flush() formats and writes what is pending');
  });
});
