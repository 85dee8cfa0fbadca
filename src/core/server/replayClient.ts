// Sends recorded request bytes again over a raw socket and returns the response bytes as they came back: the socket
// half of the inspector's replay (the bytes come from inspect/rawRequest.ts's replayBytes). Our side is half-closed
// once the bytes are written, so the server answers what it got and then closes (RFC 9112 §9.6): no response
// framing needs to be understood here. Bounded in time and in bytes.

import * as net from 'node:net';

export interface ReplayOptions {
  /** Give up (resolving with what arrived) after this long. Default 5000 ms. */
  timeoutMs?: number;
  /** Stop reading past this many response bytes. Default 16 MiB. */
  maxBytes?: number;
  /** Told the local address once connected, so a caller can find the exchange the server records for this client. */
  onConnect?: (local: { address: string; port: number }) => void;
}

export function replay(port: number, host: string, bytes: Buffer, options: ReplayOptions = {}): Promise<Buffer> {
  const maxBytes = options.maxBytes ?? 16 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host, port });
    const received: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (error?: Error): void => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      if (error && received.length === 0) {
        reject(error);
      } else {
        resolve(Buffer.concat(received));
      }
    };
    const timer = setTimeout(() => finish(), options.timeoutMs ?? 5000);
    socket.on('connect', () => {
      options.onConnect?.({ address: socket.localAddress ?? '', port: socket.localPort ?? 0 });
      socket.end(bytes);
    });
    socket.on('data', (chunk: Buffer) => {
      received.push(chunk);
      size += chunk.length;
      if (size >= maxBytes) {
        finish();
      }
    });
    socket.on('close', () => finish());
    socket.on('error', (error) => finish(error));
  });
}
