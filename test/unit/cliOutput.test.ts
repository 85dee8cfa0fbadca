// The CLI's stdout log writer: the bytes are formatLogEntry's exactly, a turn's entries go out in one write, and a
// stdout that cannot keep up bounds memory: entries beyond the waiting limit are dropped and counted, and a line in
// their place says how many once the stream drains.

import * as assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { LogOutput, MAX_WAITING_BYTES, notShownLine } from '../../src/cli/output';
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

  it('writes what formatLogEntry gives, byte for byte, in one write per turn of the event loop', async () => {
    const out = new FakeStdout();
    const log = new LogOutput(out as unknown as NodeJS.WritableStream, options);
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
    const log = new LogOutput(out as unknown as NodeJS.WritableStream, options);
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
});
