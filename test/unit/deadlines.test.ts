// The sweep's deadline policy as a table: for each phase, what is due just before and just after its limit.

import * as assert from 'node:assert/strict';
import { DEFAULT_LIMITS } from '../../src/core/options';
import { CLOSE_LINGER_MS, dueDeadline, type ConnectionClock, type DueDeadline } from '../../src/core/server/deadlines';
import { Phase } from '../../src/core/server/responding';

const NOW = 1_000_000;
const L = DEFAULT_LIMITS;

function clock(overrides: Partial<ConnectionClock>): ConnectionClock {
  return { phase: Phase.Head, now: NOW, lastActivityAt: NOW, phaseStartedAt: NOW, headStartedAt: 0, hasPending: false,
    writableNeedDrain: false, sendProgressAt: undefined, ...overrides };
}

describe('deadlines: what the sweep does to a connection', () => {
  const rows: Array<[string, Partial<ConnectionClock>, DueDeadline]> = [
    ['idle keep-alive, within the limit', { lastActivityAt: NOW - L.idleTimeoutMs }, 'none'],
    ['idle keep-alive, past the limit', { lastActivityAt: NOW - L.idleTimeoutMs - 1 }, 'idle'],
    ['a head arriving slowly, within', { hasPending: true, headStartedAt: NOW - L.headerTimeoutMs, lastActivityAt: NOW - L.idleTimeoutMs - 1 }, 'none'],
    ['a head arriving slowly, past (never "idle" while bytes wait)', { hasPending: true, headStartedAt: NOW - L.headerTimeoutMs - 1 }, 'headTimeout'],
    ['pipelining without reading the answers', { writableNeedDrain: true, lastActivityAt: NOW - L.sendStallTimeoutMs - 1 }, 'stalledPipeline'],
    ['a body, within', { phase: Phase.Body, phaseStartedAt: NOW - L.bodyTimeoutMs }, 'none'],
    ['a body, past', { phase: Phase.Body, phaseStartedAt: NOW - L.bodyTimeoutMs - 1 }, 'bodyTimeout'],
    ['a download making progress', { phase: Phase.Responding, sendProgressAt: NOW - L.sendStallTimeoutMs }, 'none'],
    ['a download stalled', { phase: Phase.Responding, sendProgressAt: NOW - L.sendStallTimeoutMs - 1 }, 'sendStall'],
    ['an answer being computed (nothing sent yet)', { phase: Phase.Responding, phaseStartedAt: 0 }, 'none'],
    ['closing, lingering', { phase: Phase.Closing, phaseStartedAt: NOW - CLOSE_LINGER_MS }, 'none'],
    ['closing, linger over', { phase: Phase.Closing, phaseStartedAt: NOW - CLOSE_LINGER_MS - 1 }, 'lingerOver'],
    ['upgraded: its owner keeps the time', { phase: Phase.Upgraded, lastActivityAt: 0, phaseStartedAt: 0 }, 'none'],
  ];
  for (const [what, overrides, expected] of rows) {
    it(`${what} → ${expected}`, () => {
      assert.equal(dueDeadline(clock(overrides), L), expected);
    });
  }
});
