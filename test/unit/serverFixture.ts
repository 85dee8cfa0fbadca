// Shared pieces of the server-*.test.ts suites: send raw bytes and frame the answers, check a response head
// against the exact expected text (the Date line checked by pattern), and wait (bounded) for log entries.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { parseResponses, rawExchange, type ParsedResponse, type RawOptions } from '../helpers/rawClient';
import type { RequestLogEntry } from '../../src/core/events';

export { request } from '../helpers/rawClient';
export { waitFor } from '../helpers/wait';
import { waitFor } from '../helpers/wait';

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
   * Responses expected. When set, the exchange ends as soon as they have all arrived and nothing more came (or, if
   * the last one says "Connection: close", when the server closes), instead of waiting for the idle timeout.
   */
  expect?: number;
}

/** Sends raw bytes and frames what came back; `bodyless` marks answers to HEAD, in order. */
export async function exchange(port: number, data: string | Buffer | Array<string | Buffer>, bodyless: boolean[] = [],
  options: ExchangeOptions = {}): Promise<Exchange> {
  const expect = options.expect;
  const settleWhen = expect === undefined ? undefined : (bytes: Buffer): boolean => {
    const responses = framed(bytes, bodyless);
    return responses !== undefined && responses.length >= expect && responses[responses.length - 1].headers.connection !== 'close';
  };
  const result = await rawExchange(port, data, { ...options, settleWhen });
  return { responses: parseResponses(result.bytes, bodyless), closedByServer: result.closedByServer, bytes: result.bytes };
}

function framed(bytes: Buffer, bodyless: boolean[]): ParsedResponse[] | undefined {
  try {
    return parseResponses(bytes, bodyless);
  } catch {
    return undefined; // not a whole number of responses yet
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

/** Sent on every answer by default (issue: cross-origin reads): other sites may not embed our resources. */
export const CORP_LINE = 'Cross-Origin-Resource-Policy: same-site';

/** Asserts the whole head: `lines` are the field lines after Date and the policy lines, in order. */
export function assertHead(response: ParsedResponse, statusLine: string, lines: string[], policyLines = [CORP_LINE]): void {
  assert.equal(normaliseHead(response.head), [statusLine, 'Date: <date>', ...policyLines, ...lines, '', ''].join('\r\n'));
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

/** Waits for `count` log entries and returns them. */
export async function entriesOf(entries: RequestLogEntry[], count: number): Promise<RequestLogEntry[]> {
  await waitFor(() => entries.length >= count, 2000, `${count} log entries (have ${entries.length})`);
  return entries.slice(0, count);
}
