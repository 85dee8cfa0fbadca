// Test helpers: a real RawHttpServer on an ephemeral loopback port, plus the wire helper (raw client and response
// framer, see wire.ts) re-exported so server suites import one module.

import { RawHttpServer, type DevServerParts } from '../../src/core/devServer';
import type { RequestLogEntry, ServerNotice } from '../../src/core/events';
import type { ServerOptionsInput } from '../../src/core/options';
import { parseResponses, rawExchange, request, type ParsedResponse } from './wire';

export interface TestServer {
  server: RawHttpServer;
  port: number;
  entries: RequestLogEntry[];
  notices: ServerNotice[];
  close(): Promise<void>;
}

export async function startServer(input: Omit<ServerOptionsInput, 'port'> & { port?: number }, parts: DevServerParts = {}): Promise<TestServer> {
  const server = new RawHttpServer({ host: '127.0.0.1', ...input, port: input.port ?? 0 }, parts);
  const entries: RequestLogEntry[] = [];
  const notices: ServerNotice[] = [];
  server.on('request', (entry) => entries.push(entry));
  server.on('notice', (notice) => notices.push(notice));
  const address = await server.listen();
  return { server, port: address.port, entries, notices, close: () => server.close() };
}

/** Sends `wire` on a fresh connection and resolves with the first exchange the server recorded for it. */
export async function recordOf(srv: TestServer, wire: string | Buffer): Promise<RequestLogEntry> {
  const first = srv.entries.length;
  await rawExchange(srv.port, wire, { idleMs: 120 });
  if (srv.entries.length <= first) {
    throw new Error(`no exchange recorded for ${JSON.stringify(wire.toString('latin1').slice(0, 80))}`);
  }
  return srv.entries[first];
}

/** One request on a fresh connection (Connection: close), its response framed (a HEAD's has no body). */
export async function fetchOnce(srv: TestServer, target: string, lines: string[] = [], method = 'GET'): Promise<ParsedResponse> {
  const { bytes } = await rawExchange(srv.port, request(target, [...lines, 'Connection: close'], method));
  return parseResponses(bytes, [method === 'HEAD'])[0];
}

export * from './wire';
