// Shared helpers for the integration suites: the extension's test API, raw TCP requests (exact bytes, no HTTP
// library), port probes and polling. Tests reach the extension only through its exports, never src/vscode.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vscode from 'vscode';
import * as wire from '../helpers/wire';
import type { RawHttpServerApi } from '../../src/vscode/testApi';

export const EXTENSION_ID = 'raw-http-server.raw-http-server';
export const TEST_PORT = Number(process.env.RAW_HTTP_TEST_PORT);

export async function getApi(): Promise<RawHttpServerApi> {
  const extension = vscode.extensions.getExtension<RawHttpServerApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
  return extension.isActive ? extension.exports : extension.activate();
}

/** The one waitFor of every suite: (predicate, timeoutMs, what). */
export { waitFor } from '../helpers/wait';

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Sends bytes on a fresh connection and resolves with everything received until the server closes it. */
export async function rawExchange(port: number, request: string | Buffer, timeoutMs = 5_000): Promise<Buffer> {
  const { bytes, closedByServer } = await wire.rawExchange(port, request, { idleMs: timeoutMs, timeoutMs });
  assert.ok(closedByServer, `no close from the server within ${timeoutMs} ms`);
  return bytes;
}

export interface Response { status: number; head: string; headers: Map<string, string>; body: Buffer }

/** GET with `Connection: close`, parsed just enough to assert on (status, headers, exact body bytes). */
export async function get(port: number, target: string, extraHeaders = '', host = `127.0.0.1:${port}`): Promise<Response> {
  const raw = await rawExchange(port, `GET ${target} HTTP/1.1\r\nHost: ${host}\r\n${extraHeaders}Connection: close\r\n\r\n`);
  return parseResponse(raw);
}

/** One response, framed by the wire helper's readHead (the framer every suite shares). */
export function parseResponse(raw: Buffer): Response {
  const head = wire.readHead(raw);
  assert.ok(head, `no complete response head in ${JSON.stringify(raw.toString('latin1').slice(0, 200))}`);
  return { status: head.status, head: head.head.slice(0, -4), headers: new Map(Object.entries(head.headers)), body: raw.subarray(head.bodyStart) };
}

/** True when something accepts connections on the port. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

/** Binds the port ourselves: proves it is free (closes at once) or occupies it (keep the server). */
export function occupy(port: number): Promise<net.Server> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

export function closeServer(server: net.Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

export async function freePort(): Promise<number> {
  const server = await occupy(0);
  const { port } = server.address() as net.AddressInfo;
  await closeServer(server);
  return port;
}

/** Updates a rawHttpServer setting in the workspace (the temp copy runTest made) and waits for the restart. */
export async function setSetting(api: RawHttpServerApi, key: string, value: unknown): Promise<void> {
  await vscode.workspace.getConfiguration('rawHttpServer').update(key, value, vscode.ConfigurationTarget.Workspace);
  await sleep(100);
  await api.idle();
}
