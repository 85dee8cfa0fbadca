// Fuzz driver (fuzz.test.ts, scripts/fuzz.mjs): sends generated cases to a server on a throw-away fixture over a
// pool of connections, checks every reply frames as HTTP/1.1 with an expected status, and after each batch that
// /index.html is still served byte for byte and no internal error was reported.

import * as net from 'node:net';
import { readHead, startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { generateCase, PROBE, type FuzzCase } from './generator';
import { Prng } from './prng';

/** Final statuses the server may send, plus 100 (the interim answer to "Expect: 100-continue"). */
export const EXPECTED_STATUSES: ReadonlySet<number> = new Set([100, 200, 204, 206, 301, 304, 400, 403, 404, 405, 408, 413,
  414, 416, 431, 501, 505]);

export const INDEX_HTML = Buffer.from('<!DOCTYPE html><title>fuzz</title><p>index</p>\n');

export interface FuzzTarget {
  target: TestServer;
  close(): Promise<void>;
}

/** A fixture with small, large (streamed), listed and refused files, served on an ephemeral loopback port. */
export async function startFuzzTarget(): Promise<FuzzTarget> {
  const tree = makeTree({
    'www/index.html': INDEX_HTML, 'www/ok.txt': 'ok\n', 'www/a b.txt': 'space\n', 'www/sub/page.txt': 'page\n',
    'www/sub/other.txt': 'other\n', 'www/.env': 'SECRET=1\n', 'www/big.bin': Buffer.alloc(300 * 1024, 0x61),
    'www/.well-known/x.txt': 'x\n', 'secret.txt': 'secret\n',
  }, 'raw-http-fuzz-');
  const target = await startServer({ root: `${tree.dir}/www` });
  return { target, close: async () => { await target.close(); tree.cleanup(); } };
}

export interface FuzzSummary {
  cases: number;
  requests: number;
  bytesSent: number;
  responses: number;
  histogram: Record<number, number>;
  healthChecks: number;
  problems: string[];
  elapsedMs: number;
}

export interface FuzzOptions {
  port: number;
  seed: number;
  durationMs: number;
  maxCases?: number;
  concurrency?: number;
  batchSize?: number;
  /** Extra per-batch check (e.g. error notices); returns problems found. */
  afterBatch?: () => string[];
}

/** Splits reply bytes into statuses. A response whose Content-Length is not followed by its body is a HEAD reply. */
export function splitResponses(bytes: Buffer): { statuses: number[]; error?: string } {
  const statuses: number[] = [];
  let position = 0;
  while (position < bytes.length) {
    const parsed = readHead(bytes, position);
    if (parsed === undefined || !/^HTTP\/1\.1 \d{3} [^\r\n]+$/.test(parsed.statusLine)) {
      return { statuses, error: `unframed bytes at ${position}: ${JSON.stringify(bytes.toString('latin1', position, position + 80))}` };
    }
    statuses.push(parsed.status);
    const length = Number(parsed.headers['content-length'] ?? 0);
    const bodyStart = parsed.bodyStart;
    const next = bodyStart + length;
    if (next === bytes.length || (next < bytes.length && startsResponse(bytes, next))) {
      position = next;
    } else if (bodyStart === bytes.length || startsResponse(bytes, bodyStart)) {
      position = bodyStart;
    } else {
      return { statuses, error: `response ${statuses.length} does not frame (Content-Length ${length})` };
    }
  }
  return { statuses };
}

function startsResponse(bytes: Buffer, at: number): boolean {
  return bytes.toString('latin1', at, at + 9) === 'HTTP/1.1 ';
}

/** Writes one case on a fresh connection and collects everything until the server closes or goes quiet. */
export function sendCase(port: number, fuzzCase: FuzzCase, idleMs = 100): Promise<Buffer> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: '127.0.0.1', port });
    const received: Buffer[] = [];
    const startedAt = Date.now();
    let timer: NodeJS.Timeout | undefined;
    let done = false;
    const finish = (): void => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        socket.destroy();
        resolve(Buffer.concat(received));
      }
    };
    const arm = (): void => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        // A reply cut by our own impatience would look like a server bug: wait longer (bounded) if it is partial.
        if (splitResponses(Buffer.concat(received)).error !== undefined && Date.now() - startedAt < 3000) {
          arm();
        } else {
          finish();
        }
      }, idleMs);
    };
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      arm();
    });
    socket.on('end', finish);
    socket.on('close', finish);
    socket.on('error', finish);
    socket.on('connect', () => void writeCase(socket, fuzzCase).then(arm));
  });
}

async function writeCase(socket: net.Socket, fuzzCase: FuzzCase): Promise<void> {
  for (const chunk of fuzzCase.chunks) {
    if (socket.destroyed) {
      return;
    }
    socket.write(chunk);
    await new Promise((resolve) => setImmediate(resolve)); // lets the server (same process) read a partial head
  }
  if (!socket.destroyed && fuzzCase.ending === 'probe') {
    socket.write(PROBE);
  } else if (!socket.destroyed && fuzzCase.ending === 'fin') {
    socket.end();
  }
}

/** A fresh, valid request must still get exactly the index file. */
export async function healthCheck(port: number): Promise<string | undefined> {
  const reply = await sendCase(port, {
    chunks: [Buffer.from('GET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n')], requests: 1, ending: 'wait',
  }, 1000);
  const head = readHead(reply);
  const ok = head !== undefined && head.statusLine === 'HTTP/1.1 200 OK' && reply.subarray(head.bodyStart).equals(INDEX_HTML);
  return ok ? undefined : `health check failed: ${JSON.stringify(reply.toString('latin1', 0, 200))}`;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const rng = new Prng(options.seed);
  const concurrency = options.concurrency ?? 16;
  const batchSize = options.batchSize ?? 250;
  const summary: FuzzSummary = { cases: 0, requests: 0, bytesSent: 0, responses: 0, histogram: {}, healthChecks: 0,
    problems: [], elapsedMs: 0 };
  const startedAt = Date.now();
  const maxCases = options.maxCases ?? Number.POSITIVE_INFINITY;
  while (Date.now() - startedAt < options.durationMs && summary.cases < maxCases && summary.problems.length === 0) {
    const batch = Array.from({ length: Math.min(batchSize, maxCases - summary.cases) }, () => generateCase(rng));
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < batch.length) {
        const fuzzCase = batch[next++];
        record(summary, fuzzCase, await sendCase(options.port, fuzzCase));
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    summary.healthChecks++;
    const health = await healthCheck(options.port);
    summary.problems.push(...(health ? [health] : []), ...(options.afterBatch?.() ?? []));
  }
  summary.elapsedMs = Date.now() - startedAt;
  return summary;
}

function record(summary: FuzzSummary, fuzzCase: FuzzCase, reply: Buffer): void {
  summary.cases++;
  summary.requests += fuzzCase.requests + (fuzzCase.ending === 'probe' ? 1 : 0);
  summary.bytesSent += fuzzCase.chunks.reduce((total, chunk) => total + chunk.length, 0);
  const { statuses, error } = splitResponses(reply);
  for (const status of statuses) {
    summary.responses++;
    summary.histogram[status] = (summary.histogram[status] ?? 0) + 1;
    if (!EXPECTED_STATUSES.has(status)) {
      summary.problems.push(`unexpected status ${status} for case ${JSON.stringify(Buffer.concat(fuzzCase.chunks).toString('latin1').slice(0, 300))}`);
    }
  }
  if (error) {
    summary.problems.push(`${error} for case ${JSON.stringify(Buffer.concat(fuzzCase.chunks).toString('latin1').slice(0, 300))}`);
  }
}
