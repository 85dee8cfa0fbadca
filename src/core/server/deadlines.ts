// Which deadline a connection has passed, if any: the policy half of the server's once-a-second sweep (the
// connection carries out what is due). Pure, so each deadline is a table row in a test, not a wait.

import type { ServerLimits } from '../options';
import { Phase } from './responding';

/** What the sweep must do to a connection now. */
export type DueDeadline =
  | 'none'
  /** Pipelining without reading the answers: nothing more will move. */
  | 'stalledPipeline'
  /** The head did not complete in time: 408. */
  | 'headTimeout'
  /** Idle keep-alive: a quiet FIN, nothing to log. */
  | 'idle'
  /** The body did not complete in time: 408. */
  | 'bodyTimeout'
  /** The client stopped reading a response: abandoned and logged. */
  | 'sendStall'
  /** Our FIN-terminated answer had its time to arrive: destroy. */
  | 'lingerOver';

export interface ConnectionClock {
  phase: Phase;
  now: number;
  lastActivityAt: number;
  phaseStartedAt: number;
  /** 0 when no head has started arriving. */
  headStartedAt: number;
  /** Bytes of a next head are buffered. */
  hasPending: boolean;
  /** The socket's write buffer is over its mark (the client is not reading). */
  writableNeedDrain: boolean;
  /** When the response being sent last made progress; undefined when nothing is being sent. */
  sendProgressAt: number | undefined;
}

/** How long a closing connection waits for the client to take our answer before it is destroyed. */
export const CLOSE_LINGER_MS = 2000;

export function dueDeadline(clock: ConnectionClock, limits: ServerLimits): DueDeadline {
  const { phase, now } = clock;
  switch (phase) {
    case Phase.Head:
      if (clock.writableNeedDrain && now - clock.lastActivityAt > limits.sendStallTimeoutMs) {
        return 'stalledPipeline';
      }
      if (clock.hasPending && clock.headStartedAt !== 0 && now - clock.headStartedAt > limits.headerTimeoutMs) {
        return 'headTimeout';
      }
      return !clock.hasPending && now - clock.lastActivityAt > limits.idleTimeoutMs ? 'idle' : 'none';
    case Phase.Body:
      return now - clock.phaseStartedAt > limits.bodyTimeoutMs ? 'bodyTimeout' : 'none';
    case Phase.Responding:
      return clock.sendProgressAt !== undefined && now - clock.sendProgressAt > limits.sendStallTimeoutMs ? 'sendStall' : 'none';
    case Phase.Closing:
      return now - clock.phaseStartedAt > CLOSE_LINGER_MS ? 'lingerOver' : 'none';
    case Phase.Upgraded:
      return 'none'; // the upgrade's owner keeps its own liveness checks (WebSocket ping/pong)
  }
}
