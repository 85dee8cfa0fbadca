// Raw-socket probes the load generator cannot do: "is it answering yet" (readiness and startup time) and
// holding 1,000 idle keep-alive connections open against a server. Loopback only; every wait is bounded.
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';

const HOST = '127.0.0.1';

const requestFor = (port, path, keepAlive) =>
  `GET ${path} HTTP/1.1\r\nHost: ${HOST}:${port}\r\n${keepAlive ? '' : 'Connection: close\r\n'}\r\n`;

/** One connect + GET; resolves the status code, or 0 on refusal / error / `timeoutMs`. */
export function probeOnce(port, path = '/index.html', timeoutMs = 1000) {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    let head = '';
    const done = (status) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(status);
    };
    const timer = setTimeout(() => done(0), timeoutMs);
    socket.setNoDelay(true);
    socket.on('connect', () => {
      if (socket.localPort === port) {
        done(0); // TCP self-connect (source port = target port): not the server, just our own echo
        return;
      }
      socket.write(requestFor(port, path, false));
    });
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(head);
      if (m) {
        done(Number(m[1]));
      } else if (head.length > 256) {
        done(0);
      }
    });
    socket.on('error', () => done(0));
    socket.on('close', () => done(0));
  });
}

/**
 * Polls until the server answers 200, the process exits, or `timeoutMs` passes.
 * Returns { ok, ms, reason } where ms counts from `sinceMs` (a performance.now() timestamp).
 */
export async function waitReady(port, { child, sinceMs = performance.now(), timeoutMs = 10_000, pauseMs = 1 } = {}) {
  const deadline = sinceMs + timeoutMs;
  let exited = false;
  child?.exited?.then(() => { exited = true; });
  let last = 0;
  while (performance.now() < deadline) {
    if (exited) {
      return { ok: false, reason: `exited before answering (code ${child.exitCode ?? child.signalCode})` };
    }
    last = await probeOnce(port, '/index.html', Math.min(1000, Math.max(50, deadline - performance.now())));
    if (last === 200) {
      return { ok: true, ms: performance.now() - sinceMs };
    }
    // Refusals come back at once, so a 1 ms pause keeps the loop tight without spinning the bench's core.
    await sleep(pauseMs);
  }
  return { ok: false, reason: last ? `answered ${last} instead of 200` : `no answer within ${timeoutMs / 1000} s` };
}

/** Opens one keep-alive connection, sends one request, resolves once the full response has arrived. */
function openIdleOne(port, timeoutMs) {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port });
    const state = { socket, open: true, answered: false };
    let buf = Buffer.alloc(0);
    const timer = setTimeout(() => resolve(state), timeoutMs);
    socket.on('connect', () => socket.write(requestFor(port, '/index.html', true)));
    socket.on('data', (chunk) => {
      if (state.answered) {
        return;
      }
      buf = Buffer.concat([buf, chunk]);
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) {
        return;
      }
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(buf.subarray(0, end).toString('latin1'));
      if (!length || buf.length >= end + 4 + Number(length[1])) {
        state.answered = true;
        buf = Buffer.alloc(0);
        clearTimeout(timer);
        resolve(state);
      }
    });
    socket.on('error', () => { state.open = false; });
    socket.on('close', () => {
      state.open = false;
      clearTimeout(timer);
      resolve(state);
    });
  });
}

/**
 * Opens `count` keep-alive connections (in batches, so no listen backlog overflows), each sending one request,
 * then leaves them idle. Returns { answered, stillOpen(), closeAll() }.
 */
export async function openIdleConnections(port, count = 1000, { batch = 100, timeoutMs = 10_000 } = {}) {
  const states = [];
  for (let i = 0; i < count; i += batch) {
    const n = Math.min(batch, count - i);
    states.push(...await Promise.all(Array.from({ length: n }, () => openIdleOne(port, timeoutMs))));
  }
  return {
    answered: states.filter((s) => s.answered).length,
    stillOpen: () => states.filter((s) => s.open).length,
    closeAll: () => { for (const s of states) { s.socket.destroy(); } },
  };
}
