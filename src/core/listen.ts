// Port selection for front ends: try the wanted port, then the next ones up to +span, then any free port.
// Only "address in use" moves on; every other failure (permission, bad host) is reported as is.

import type { AddressInfo } from 'node:net';
import { RawHttpServer, type DevServerParts } from './devServer';
import { DEFAULT_OPTIONS, type ServerOptionsInput } from './options';

export interface ListenResult {
  server: RawHttpServer;
  address: AddressInfo;
  requestedPort: number;
  fellBack: boolean;
}

/** `parts` reach every RawHttpServer tried (e.g. `{ watcher: 'external' }` when VS Code reports file changes). */
export async function listenWithFallback(input: ServerOptionsInput, span = 20, parts: DevServerParts = {}): Promise<ListenResult> {
  const requestedPort = input.port ?? DEFAULT_OPTIONS.port;
  const candidates = requestedPort === 0 ? [0] : [];
  for (let port = requestedPort; requestedPort !== 0 && port <= Math.min(65535, requestedPort + span); port++) {
    candidates.push(port);
  }
  if (requestedPort !== 0) {
    candidates.push(0);
  }
  let lastError: unknown;
  for (const port of candidates) {
    const server = new RawHttpServer({ ...input, port }, parts);
    try {
      const address = await server.listen();
      return { server, address, requestedPort, fellBack: address.port !== requestedPort };
    } catch (error) {
      await server.close();
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') {
        throw error;
      }
      lastError = error;
    }
  }
  throw lastError;
}
