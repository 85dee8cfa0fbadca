// A tiny path-prefix proxy on raw `net` sockets, standing in for code-server's /proxy/PORT/: every request head
// that arrives on a connection has `prefix` stripped from its target before it goes to the upstream server (other
// targets get the proxy's own 404, as code-server answers them itself), and once a head asks for a WebSocket upgrade the connection becomes a plain tunnel. Test-only: it assumes requests
// without bodies (a browser loading pages), which is all these tests send.

import * as net from 'node:net';

export interface PrefixProxy {
  port: number;
  /** Targets as the upstream received them, in order. */
  forwarded: string[];
  /** Targets outside the prefix, answered 404 by the proxy itself. */
  refused: string[];
  close(): Promise<void>;
}

export async function startPrefixProxy(prefix: string, upstreamPort: number): Promise<PrefixProxy> {
  const forwarded: string[] = [];
  const refused: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.createConnection({ host: '127.0.0.1', port: upstreamPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => { client.destroy(); upstream.destroy(); });
    }
    upstream.pipe(client);
    let pending = Buffer.alloc(0);
    let tunnel = false;
    client.on('data', (chunk: Buffer) => {
      if (tunnel) {
        upstream.write(chunk);
        return;
      }
      pending = Buffer.concat([pending, chunk]);
      for (let end = pending.indexOf('\r\n\r\n'); end !== -1 && !tunnel; end = pending.indexOf('\r\n\r\n')) {
        const head = pending.subarray(0, end + 4).toString('latin1');
        pending = pending.subarray(end + 4);
        const [requestLine, ...rest] = head.split('\r\n');
        const [method, target, version] = requestLine.split(' ');
        if (!target.startsWith(prefix)) {
          // Outside the prefix is the proxy's own site (code-server's UI), never the upstream server.
          refused.push(target);
          client.write('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
          continue;
        }
        const stripped = '/' + target.slice(prefix.length);
        forwarded.push(stripped);
        upstream.write(Buffer.from([`${method} ${stripped} ${version}`, ...rest].join('\r\n'), 'latin1'));
        tunnel = /^upgrade:\s*websocket\s*$/im.test(head);
      }
      if (tunnel && pending.length > 0) {
        upstream.write(pending);
        pending = Buffer.alloc(0);
      }
    });
    client.on('end', () => upstream.end());
    upstream.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    forwarded,
    refused,
    close: () => new Promise<void>((resolve) => {
      for (const socket of sockets) {
        socket.destroy();
      }
      server.close(() => resolve());
    }),
  };
}
