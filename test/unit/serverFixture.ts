// Shared pieces of the server-*.test.ts suites: send raw bytes and frame the answers, check a response head
// against the exact expected text (the Date line checked by pattern), and wait (bounded) for log entries.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { parseResponses, rawExchange, type ParsedResponse, type RawOptions } from '../helpers/rawClient';
import type { RequestLogEntry } from '../../src/core/types';

export { request } from '../helpers/rawClient';

/** RFC 9110 §5.6.7 IMF-fixdate. */
export const IMF_FIXDATE = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
export const HTML_CSP = "Content-Security-Policy: default-src 'none'; style-src 'unsafe-inline'; img-src data:";
export const WEAK_ETAG = /^W\/"[0-9a-f]+-[0-9a-f]+"$/;

export interface Exchange {
  responses: ParsedResponse[];
  closedByServer: boolean;
  bytes: Buffer;
}

export interface ExchangeOptions extends RawOptions {
  /**
   * Responses expected. When set, the exchange ends as soon as they have all arrived and nothing more came for
   * SETTLE_MS (or, if the last one says "Connection: close", when the server closes), instead of waiting for the
   * helper's idle timeout; either way it never waits past `timeoutMs`.
   */
  expect?: number;
}

const SETTLE_MS = 60;

/** Sends raw bytes and frames what came back; `bodyless` marks answers to HEAD, in order. */
export async function exchange(port: number, data: string | Buffer | Array<string | Buffer>, bodyless: boolean[] = [],
  options: ExchangeOptions = {}): Promise<Exchange> {
  const result = options.expect === undefined ? await rawExchange(port, data, options)
    : await collect(port, Array.isArray(data) ? data : [data], options.expect, bodyless, options);
  return { responses: parseResponses(result.bytes, bodyless), closedByServer: result.closedByServer, bytes: result.bytes };
}

function framed(bytes: Buffer, bodyless: boolean[]): ParsedResponse[] | undefined {
  try {
    return parseResponses(bytes, bodyless);
  } catch {
    return undefined; // not a whole number of responses yet
  }
}

function collect(port: number, chunks: Array<string | Buffer>, expect: number, bodyless: boolean[],
  options: RawOptions): Promise<{ bytes: Buffer; closedByServer: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: options.host ?? '127.0.0.1', port });
    const received: Buffer[] = [];
    let settleTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (closedByServer: boolean): void => {
      if (!settled) {
        settled = true;
        clearTimeout(settleTimer);
        clearTimeout(hardTimer);
        socket.destroy();
        resolve({ bytes: Buffer.concat(received), closedByServer });
      }
    };
    const hardTimer = setTimeout(() => finish(false), options.timeoutMs ?? 5000);
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      clearTimeout(settleTimer);
      const responses = framed(Buffer.concat(received), bodyless);
      if (responses && responses.length >= expect && responses[responses.length - 1].headers.connection !== 'close') {
        settleTimer = setTimeout(() => finish(false), SETTLE_MS);
      }
    });
    socket.on('end', () => finish(true));
    socket.on('close', () => finish(true));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') {
        finish(true);
      } else if (!settled) {
        settled = true;
        reject(error);
      }
    });
    socket.on('connect', () => void writeChunks(socket, chunks, options.gapMs ?? 5));
  });
}

async function writeChunks(socket: net.Socket, chunks: Array<string | Buffer>, gapMs: number): Promise<void> {
  for (let i = 0; i < chunks.length && !socket.destroyed; i++) {
    socket.write(chunks[i]);
    if (i < chunks.length - 1) {
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
  }
}

/** Sends one request and expects exactly one response. */
export async function single(port: number, data: string | Buffer | Array<string | Buffer>, isHead = false,
  options: ExchangeOptions = {}): Promise<ParsedResponse & { closedByServer: boolean }> {
  const result = await exchange(port, data, [isHead], { expect: 1, ...options });
  assert.equal(result.responses.length, 1, `expected one response, got: ${result.bytes.toString('latin1').slice(0, 400)}`);
  return { ...result.responses[0], closedByServer: result.closedByServer };
}

/** The head with its Date line checked (IMF-fixdate, within a minute of now) and replaced by "Date: <date>". */
export function normaliseHead(head: string): string {
  const lines = head.split('\r\n');
  const dates = lines.filter((line) => line.startsWith('Date: '));
  assert.equal(dates.length, 1, `one Date line in ${JSON.stringify(head)}`);
  const value = dates[0].slice(6);
  assert.match(value, IMF_FIXDATE);
  assert.ok(Math.abs(Date.parse(value) - Date.now()) < 60_000, `Date ${value} is now`);
  return lines.map((line) => (line.startsWith('Date: ') ? 'Date: <date>' : line)).join('\r\n');
}

/** Asserts the whole head: `lines` are the field lines after Date, in order. */
export function assertHead(response: ParsedResponse, statusLine: string, lines: string[]): void {
  assert.equal(normaliseHead(response.head), [statusLine, 'Date: <date>', ...lines, '', ''].join('\r\n'));
}

/** Field lines of a file answer (status 200/206/304), with the ETag taken from the response after a format check. */
export function fileLines(response: ParsedResponse, fullPath: string, contentType: string, tail: string[]): string[] {
  const etag = response.headers.etag ?? '';
  assert.match(etag, WEAK_ETAG);
  const stat = fs.statSync(fullPath);
  assert.equal(etag.slice(3, etag.indexOf('-')), stat.size.toString(16), 'ETag starts with the size in hex');
  const lastModified = new Date(Math.floor(stat.mtimeMs / 1000) * 1000).toUTCString();
  return [`Content-Type: ${contentType}`, `Last-Modified: ${lastModified}`, `ETag: ${etag}`, 'Accept-Ranges: bytes',
    'Cache-Control: no-cache', 'X-Content-Type-Options: nosniff', ...tail];
}

/** Field lines of a generated HTML page (errors, listings). */
export function htmlLines(body: Buffer, extra: string[] = []): string[] {
  return ['Content-Type: text/html; charset=utf-8', HTML_CSP, 'X-Content-Type-Options: nosniff', 'Cache-Control: no-cache',
    ...extra, `Content-Length: ${body.length}`];
}

/** Polls until `predicate` holds, failing after `timeoutMs`. */
export async function waitFor(predicate: () => boolean, what: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) {
      assert.fail(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Waits for `count` log entries and returns them. */
export async function entriesOf(entries: RequestLogEntry[], count: number): Promise<RequestLogEntry[]> {
  await waitFor(() => entries.length >= count, `${count} log entries (have ${entries.length})`);
  return entries.slice(0, count);
}
