// Fuzz smoke run in `npm test`: ~8 s of random and mutated requests (fixed seed) against a real server; every
// reply must frame as HTTP/1.1 with an expected status, the server must keep serving /index.html exactly, and no
// internal error may be reported. `npm run fuzz -- --seconds 120 --seed N` runs the same generator longer.

import * as assert from 'node:assert/strict';
import { Prng } from '../fuzz/prng';
import { generateCase, mutate, validRequest } from '../fuzz/generator';
import { runFuzz, splitResponses, startFuzzTarget } from '../fuzz/runner';
import { waitFor } from '../helpers/wait';

const SEED = 0x5eed_0004;
const DURATION_MS = 8000;

describe('fuzz', function () {
  this.timeout(40_000);

  it('the generator is deterministic for a seed', () => {
    const first = new Prng(42);
    const second = new Prng(42);
    for (let i = 0; i < 200; i++) {
      const a = generateCase(first);
      const b = generateCase(second);
      assert.ok(Buffer.concat(a.chunks).equals(Buffer.concat(b.chunks)));
      assert.equal(a.ending, b.ending);
    }
    assert.notEqual(new Prng(1).next(), new Prng(2).next());
  });

  it('mutations change requests and valid requests are well formed', () => {
    const rng = new Prng(7);
    let changed = 0;
    for (let i = 0; i < 500; i++) {
      const request = validRequest(rng);
      assert.match(request.toString('latin1'), /^[A-Za-z-]+ \S+ \S+\r\n(?:[^\r\n]*\r\n)*\r\n/);
      changed += mutate(request, rng).equals(request) ? 0 : 1;
    }
    assert.ok(changed > 450, `only ${changed} of 500 mutations changed the bytes`);
  });

  it('splitResponses frames bodies, HEAD replies, and rejects garbage', () => {
    const get = 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc';
    const head = 'HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\n';
    assert.deepEqual(splitResponses(Buffer.from(get + head + 'HTTP/1.1 404 Not Found\r\n\r\n')).statuses, [200, 200, 404]);
    assert.match(splitResponses(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nabc')).error ?? '', /frame/);
    assert.match(splitResponses(Buffer.from('garbage\r\n\r\n')).error ?? '', /unframed/);
  });

  it(`survives ${DURATION_MS / 1000} s of random and mutated requests (seed ${SEED})`, async () => {
    const { target, close } = await startFuzzTarget();
    try {
      const summary = await runFuzz({
        port: target.port, seed: SEED, durationMs: DURATION_MS, concurrency: 16, batchSize: 250,
        afterBatch: () => target.notices.filter((notice) => notice.level === 'error').map((notice) => notice.message),
      });
      assert.deepEqual(summary.problems, []);
      assert.ok(summary.cases >= 1000, `only ${summary.cases} cases ran`);
      assert.ok(summary.requests > summary.cases);
      // The fuzzer must reach both ends of the server: answers that succeed and refusals of several kinds.
      for (const status of [200, 400, 404]) {
        assert.ok((summary.histogram[status] ?? 0) > 0, `no ${status} in ${JSON.stringify(summary.histogram)}`);
      }
      assert.equal(target.entries.filter((entry) => entry.status === 500).length, 0);
      await waitFor(() => target.server.connectionCount === 0, 5000, 'every connection to close');
    } finally {
      await close();
    }
  });
});

