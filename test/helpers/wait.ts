// Test helper: polls a condition every 10 ms and fails with a message naming what was awaited after a bounded time,
// so no test can hang on a condition that never comes.

import * as assert from 'node:assert/strict';

export async function waitFor(predicate: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
