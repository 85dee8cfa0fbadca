// The one wire helper of the tests: a raw TCP client that writes exact bytes (optionally split into chunks with
// pauses) and returns exactly what came back, and the one response framer (readHead for a single head, then
// parseResponses for a stream of responses). No HTTP library; no vscode, so every suite can use it.

import * as net from 'node:net';

export interface RawOptions {
  host?: string;
  /** Resolve after this long without new data (ms) instead of waiting for the server to close. Default 300. */
  idleMs?: number;
  /** Hard limit for the whole exchange (ms). Default 5000. */
  timeoutMs?: number;
  /** Pause between chunks (ms) when `data` is an array. Default 5. */
  gapMs?: number;
  /**
   * When set, the exchange ends once this holds for the bytes received so far and nothing more arrives for 60 ms
   * (instead of after `idleMs` of silence); it still ends when the server closes or `timeoutMs` passes.
   */
  settleWhen?: (bytes: Buffer) => boolean;
}

const SETTLE_MS = 60;

export interface RawResult {
  bytes: Buffer;
  /** True if the server closed the connection (FIN or reset) before we gave up waiting. */
  closedByServer: boolean;
}

/** Writes `data` (one buffer/string, or chunks sent with pauses) and collects the reply bytes. */
export function rawExchange(port: number, data: string | Buffer | Array<string | Buffer>, options: RawOptions = {}): Promise<RawResult> {
  const chunks = Array.isArray(data) ? data : [data];
  const idleMs = options.idleMs ?? 300;
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: options.host ?? '127.0.0.1', port });
    const received: Buffer[] = [];
    let idleTimer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (closedByServer: boolean): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(idleTimer);
      clearTimeout(hardTimer);
      socket.destroy();
      resolve({ bytes: Buffer.concat(received), closedByServer });
    };
    const armIdle = (): void => {
      clearTimeout(idleTimer);
      if (!options.settleWhen) {
        idleTimer = setTimeout(() => finish(false), idleMs);
      } else if (options.settleWhen(Buffer.concat(received))) {
        idleTimer = setTimeout(() => finish(false), SETTLE_MS);
      }
    };
    const hardTimer = setTimeout(() => finish(false), options.timeoutMs ?? 5000);
    socket.on('data', (chunk) => {
      received.push(chunk);
      armIdle();
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
    socket.on('connect', async () => {
      for (let i = 0; i < chunks.length; i++) {
        if (socket.destroyed) {
          return;
        }
        socket.write(chunks[i]);
        if (i < chunks.length - 1) {
          await new Promise((r) => setTimeout(r, options.gapMs ?? 5));
        }
      }
      armIdle();
    });
  });
}

/** One response head at `offset`: status line, lower-cased headers (repeats joined by ", "), where the body starts. */
export interface ResponseHead {
  statusLine: string;
  status: number;
  headers: Record<string, string>;
  /** Raw head text including the final CRLFCRLF. */
  head: string;
  bodyStart: number;
}

/** Reads the response head that starts at `offset`, or undefined when it has not ended yet. */
export function readHead(bytes: Buffer, offset = 0): ResponseHead | undefined {
  const headEnd = bytes.indexOf('\r\n\r\n', offset, 'latin1');
  if (headEnd === -1) {
    return undefined;
  }
  const head = bytes.toString('latin1', offset, headEnd + 4);
  const lines = head.split('\r\n');
  const statusLine = lines[0];
  const headers: Record<string, string> = {};
  for (const line of lines.slice(1)) {
    if (line === '') {
      continue;
    }
    const colon = line.indexOf(':');
    const name = line.slice(0, colon).toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
  }
  return { statusLine, status: Number(statusLine.split(' ')[1]), headers, head, bodyStart: headEnd + 4 };
}

export interface ParsedResponse {
  statusLine: string;
  status: number;
  /** Header names lower-cased; repeated fields joined with ", ". */
  headers: Record<string, string>;
  /** Raw head text including the final CRLFCRLF. */
  head: string;
  body: Buffer;
}

/**
 * Splits a byte stream into HTTP/1.1 responses. `bodyless` lists, in order, which responses carry no body despite
 * Content-Length (answers to HEAD). Throws if the bytes do not frame exactly.
 */
export function parseResponses(bytes: Buffer, bodyless: boolean[] = []): ParsedResponse[] {
  const responses: ParsedResponse[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    const parsed = readHead(bytes, offset);
    if (parsed === undefined) {
      throw new Error(`incomplete response head at byte ${offset}: ${JSON.stringify(bytes.subarray(offset).toString('latin1').slice(0, 200))}`);
    }
    const { statusLine, status, headers, head, bodyStart } = parsed;
    const noBody = bodyless[responses.length] === true || status === 204 || status === 304;
    const length = noBody ? 0 : Number(headers['content-length'] ?? 0);
    const body = bytes.subarray(bodyStart, bodyStart + length);
    if (body.length !== length) {
      throw new Error(`response ${responses.length + 1}: body has ${body.length} of ${length} bytes`);
    }
    responses.push({ statusLine, status, headers, head, body });
    offset = bodyStart + length;
  }
  return responses;
}

/** A GET (or other method) request with a Host header, as raw text. */
export function request(target: string, extraLines: string[] = [], method = 'GET', host = '127.0.0.1'): string {
  return [`${method} ${target} HTTP/1.1`, `Host: ${host}`, ...extraLines, '', ''].join('\r\n');
}
