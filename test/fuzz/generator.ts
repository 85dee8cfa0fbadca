// Fuzz case generator: well-formed requests built from pools of methods, targets and fields, then mutated at the
// byte level (flips, inserts, deletes, duplicated lines, bare LF, truncation), pipelined and split into chunks.
// Pure and deterministic for a given Prng; shared by test/unit/fuzz.test.ts and scripts/fuzz.mjs.

import { Prng } from './prng';

/** How a case ends after its bytes: a valid closing request, a half-close (FIN), or silence until idle. */
export type Ending = 'probe' | 'fin' | 'wait';

export interface FuzzCase {
  /** The bytes to write, in order; each chunk is written separately. */
  chunks: Buffer[];
  /** Requests (valid or mutated) the chunks were built from. */
  requests: number;
  ending: Ending;
}

/** Sent after the case's bytes so that most connections end quickly: it terminates any pending head. */
export const PROBE = Buffer.from('\r\n\r\nGET /index.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n', 'latin1');

const METHODS = ['GET', 'GET', 'GET', 'GET', 'HEAD', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'TRACE', 'CONNECT',
  'PATCH', 'get', 'PRI', 'M-SEARCH', 'X'];
const TARGETS = ['/', '/index.html', '/index.html', '/ok.txt', '/sub', '/sub/', '/sub/page.txt', '/big.bin', '/missing.txt',
  '/.env', '/.well-known/', '/%2e%2e/secret.txt', '/../secret.txt', '/a%20b.txt', '/index.html?x=1&y=%zz', '*',
  'http://localhost/ok.txt', 'https://127.0.0.1:8/sub/', '//ok.txt', '/%', '/%zz', '/%c3%a9', '/%c0%ae%c0%ae/',
  '/sub/../ok.txt', '/sub/./page.txt', '/index.html#frag', '/%00', '/C:/x', '/..%5cx', 'ok.txt', 'http://', 'ftp://x/'];
const VERSIONS = ['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/1.2', 'HTTP/0.9', 'http/1.1', 'HTTP/1.10'];
const HOSTS = ['localhost', 'localhost', '127.0.0.1', 'localhost:8000', '[::1]:80', 'foo.localhost', 'evil.com', 'a b',
  '', '[zz]', 'h:1:2', '127.0.0.1.nip.io'];
const FIELDS = ['Connection: close', 'Connection: keep-alive', 'Connection: Keep-Alive, Upgrade', 'Range: bytes=0-10',
  'Range: bytes=5-', 'Range: bytes=-3', 'Range: bytes=0-1,3-4', 'Range: bytes=999999999-', 'Range: items=1-2',
  'If-None-Match: *', 'If-None-Match: W/"1-2", "x"', 'If-Modified-Since: Sat, 01 Jan 2000 00:00:00 GMT',
  'If-Modified-Since: garbage', 'If-Range: "x"', 'Accept: */*', 'User-Agent: fuzz/1.0', 'Expect: 100-continue',
  'Accept-Encoding: gzip', 'Upgrade: websocket', 'Cookie: a=b; c=d', 'X-Empty:', 'X-Tab:\tv\t', 'Content-Length: 0'];
const INTERESTING_BYTES = [0x0d, 0x0a, 0x20, 0x09, 0x3a, 0x00, 0x25, 0x2f, 0x5c, 0x2e, 0xff, 0x80, 0x7f, 0x3f, 0x23];

/** A syntactically valid request (which the server may still refuse: 404, 405, 403 ...). */
export function validRequest(rng: Prng): Buffer {
  const version = rng.chance(0.85) ? rng.pick(VERSIONS.slice(0, 4)) : rng.pick(VERSIONS);
  const lines = [`${rng.pick(METHODS)} ${rng.pick(TARGETS)} ${version}`];
  if (rng.chance(0.9)) {
    lines.push(`Host: ${rng.chance(0.8) ? 'localhost' : rng.pick(HOSTS)}`);
  }
  for (let count = rng.int(4); count > 0; count--) {
    lines.push(rng.pick(FIELDS));
  }
  let body: Buffer = Buffer.alloc(0);
  const framing = rng.int(10);
  if (framing === 0) {
    body = rng.bytes(rng.int(64));
    lines.push(`Content-Length: ${body.length}`);
  } else if (framing === 1) {
    lines.push(`Transfer-Encoding: ${rng.pick(['chunked', 'Chunked', ' chunked', 'gzip, chunked'])}`);
    body = chunkedBody(rng);
  } else if (framing === 2) {
    lines.push(`Content-Length: ${rng.pick(['99999999999', '1048577', '5, 5', '-1', '0x10', '+3', ''])}`);
  }
  if (rng.chance(0.05)) {
    lines.push(longToken(rng));
  }
  return Buffer.concat([Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1'), body]);
}

function chunkedBody(rng: Prng): Buffer {
  const parts: Buffer[] = [];
  for (let count = rng.int(3); count > 0; count--) {
    const data = rng.bytes(rng.range(1, 40));
    parts.push(Buffer.from(`${data.length.toString(16)}${rng.chance(0.2) ? ';ext=1' : ''}\r\n`, 'latin1'), data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(rng.chance(0.2) ? '0\r\nX-Trailer: 1\r\n\r\n' : '0\r\n\r\n', 'latin1'));
  return Buffer.concat(parts);
}

/** Over-long pieces that should meet a limit: 414, 431, "method too long". */
function longToken(rng: Prng): string {
  const size = rng.pick([100, 4000, 9000, 17000, 40000]);
  return rng.chance(0.5) ? `X-Long: ${'a'.repeat(size)}` : `X-${'n'.repeat(size)}: v`;
}

/** One to three byte-level mutations of a request. */
export function mutate(input: Buffer, rng: Prng): Buffer {
  let bytes: Buffer = Buffer.from(input);
  for (let count = rng.range(1, 3); count > 0; count--) {
    bytes = mutateOnce(bytes, rng);
  }
  return bytes;
}

function mutateOnce(bytes: Buffer, rng: Prng): Buffer {
  const at = rng.int(bytes.length + 1);
  switch (rng.int(9)) {
    case 0: // flip one bit
      if (bytes.length > 0) {
        bytes[Math.min(at, bytes.length - 1)] ^= 1 << rng.int(8);
      }
      return bytes;
    case 1: // insert interesting or random bytes
      return Buffer.concat([bytes.subarray(0, at), insertion(rng), bytes.subarray(at)]);
    case 2: // delete a range
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(Math.min(bytes.length, at + rng.range(1, 8)))]);
    case 3: // duplicate a header line (or the request line)
      return duplicateLine(bytes, rng);
    case 4: { // CRLF → LF, or → CR
      const crlf = bytes.indexOf('\r\n', at);
      return crlf === -1 ? bytes : Buffer.concat([bytes.subarray(0, crlf), Buffer.from(rng.chance(0.5) ? '\n' : '\r'),
        bytes.subarray(crlf + 2)]);
    }
    case 5: // truncate
      return bytes.subarray(0, at);
    case 6: // random method token in front of everything after the first space
      return Buffer.concat([Buffer.from(rng.chance(0.5) ? rng.bytes(rng.range(1, 12)) : Buffer.from('A'.repeat(rng.range(1, 60)))),
        bytes.subarray(Math.max(0, bytes.indexOf(' ')))]);
    case 7: // swap case of a run of letters
      for (let i = at; i < Math.min(bytes.length, at + 16); i++) {
        if ((bytes[i] | 0x20) >= 0x61 && (bytes[i] | 0x20) <= 0x7a) {
          bytes[i] ^= 0x20;
        }
      }
      return bytes;
    default: // repeat a slice
      return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at, at + rng.range(1, 30)), bytes.subarray(at)]);
  }
}

function insertion(rng: Prng): Buffer {
  if (rng.chance(0.6)) {
    return Buffer.from([rng.pick(INTERESTING_BYTES)]);
  }
  return rng.chance(0.8) ? rng.bytes(rng.range(1, 8)) : Buffer.from(longToken(rng), 'latin1');
}

function duplicateLine(bytes: Buffer, rng: Prng): Buffer {
  const headEnd = bytes.indexOf('\r\n\r\n');
  const lines = bytes.subarray(0, headEnd === -1 ? bytes.length : headEnd).toString('latin1').split('\r\n');
  const line = rng.pick(lines);
  lines.splice(rng.range(1, lines.length), 0, line);
  const rest = headEnd === -1 ? Buffer.alloc(0) : bytes.subarray(headEnd);
  return Buffer.concat([Buffer.from(lines.join('\r\n'), 'latin1'), rest]);
}

/** Splits bytes at random points (sometimes into single bytes at the start). */
function split(bytes: Buffer, rng: Prng): Buffer[] {
  if (bytes.length < 2 || rng.chance(0.5)) {
    return [bytes];
  }
  const cuts = new Set<number>();
  for (let count = rng.range(1, 7); count > 0; count--) {
    cuts.add(rng.range(1, bytes.length - 1));
  }
  const points = [0, ...[...cuts].sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, index) => bytes.subarray(points[index], end));
}

export function generateCase(rng: Prng): FuzzCase {
  const requests = rng.chance(0.25) ? rng.range(2, 4) : 1;
  const parts: Buffer[] = [];
  for (let i = 0; i < requests; i++) {
    const request = validRequest(rng);
    parts.push(rng.chance(0.6) ? mutate(request, rng) : request);
  }
  const roll = rng.float();
  return { chunks: split(Buffer.concat(parts), rng), requests, ending: roll < 0.5 ? 'probe' : roll < 0.8 ? 'fin' : 'wait' };
}
