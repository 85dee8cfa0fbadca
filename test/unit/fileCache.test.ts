// The small-file cache: every hit is revalidated (one shared stat) unless a healthy watcher vouches for the file —
// and then only for files a folder watcher can see change (real path, one link), and never for more than a second.

import * as assert from 'node:assert/strict';
import { FileCache } from '../../src/core/files/fileCache';
import { makeRecord } from '../../src/core/files/representation';
import type { Identity } from '../../src/core/files/diskSource';

const IDENTITY: Identity = { dev: 1, ino: 2, size: 2, mtimeMs: 1000, nlink: 1 };

function cacheWith(current: Identity | undefined): { cache: FileCache; stats: () => number } {
  let stats = 0;
  const cache = new FileCache(async () => {
    stats++;
    return current;
  });
  return { cache, stats: () => stats };
}

describe('fileCache', () => {
  it('revalidates every hit by default, sharing one stat between concurrent hits, and drops a changed file', async () => {
    const { cache, stats } = cacheWith({ ...IDENTITY, mtimeMs: 2000 });
    cache.remember('/a.txt', makeRecord('/r/a.txt', IDENTITY, Buffer.from('hi'), ''), true);
    const [first, second] = await Promise.all([cache.lookup('/a.txt'), cache.lookup('/a.txt')]);
    assert.deepEqual([first, second, stats()], [undefined, undefined, 1]);
    assert.equal(cache.lookup('/a.txt'), undefined, 'the stale entry is gone');
  });

  it('with a trusted watcher, a watchable hot hit needs no stat; an invalidation is seen at once', async () => {
    const { cache, stats } = cacheWith(IDENTITY);
    cache.trustWatcher = true;
    const record = makeRecord('/r/a.txt', IDENTITY, Buffer.from('hi'), '');
    cache.remember('/a.txt', record, true);
    assert.equal(cache.lookup('/a.txt'), record, 'served synchronously');
    assert.equal(stats(), 0);
    cache.invalidate('/r/a.txt');
    assert.equal(cache.lookup('/a.txt'), undefined);
  });

  it('a symlinked or hard-linked file is revalidated even with a trusted watcher', async () => {
    const { cache, stats } = cacheWith(IDENTITY);
    cache.trustWatcher = true;
    cache.remember('/link.txt', makeRecord('/r/link.txt', IDENTITY, Buffer.from('hi'), ''), false);
    assert.ok(cache.lookup('/link.txt') instanceof Promise);
    await cache.lookup('/link.txt');
    assert.ok(stats() >= 1);
  });

  it('a trusted entry is revalidated once it is a second old (a lost event cannot keep it stale)', async () => {
    const { cache, stats } = cacheWith(IDENTITY);
    cache.trustWatcher = true;
    cache.remember('/a.txt', makeRecord('/r/a.txt', IDENTITY, Buffer.from('hi'), ''), true);
    const realNow = Date.now;
    Date.now = () => realNow() + 1500;
    try {
      assert.ok(cache.lookup('/a.txt') instanceof Promise, 'revalidated after a second');
    } finally {
      Date.now = realNow;
    }
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(stats(), 1);
  });
});
