// A fake live page for the integration suites: opens the live channel (/__raw-http/socket) over a raw socket, says
// which page it is and which files it uses, and collects the server's messages, as the injected client does.
import * as net from 'node:net';
import { clientFrame, readServerFrames } from '../helpers/wsFrames';
import { waitFor } from './helpers';

export interface LivePage {
  messages: Array<Record<string, unknown>>;
  close(): void;
}

export async function openLivePage(port: number, page: string, resources: string[]): Promise<LivePage> {
  const socket = net.createConnection({ host: '127.0.0.1', port });
  socket.on('error', () => undefined);
  const messages: Array<Record<string, unknown>> = [];
  let head = '';
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
    if (head === '') {
      const end = pending.indexOf('\r\n\r\n');
      if (end === -1) {
        return;
      }
      head = pending.toString('latin1', 0, end + 4);
      pending = pending.subarray(end + 4);
    }
    const { frames, rest } = readServerFrames(pending);
    pending = rest;
    for (const frame of frames) {
      if (frame.opcode === 1) {
        messages.push(JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>);
      } else if (frame.opcode === 9) {
        socket.write(clientFrame(10, frame.payload));
      }
    }
  });
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write([`GET /__raw-http/socket HTTP/1.1`, `Host: 127.0.0.1:${port}`, `Origin: http://127.0.0.1:${port}`, 'Upgrade: websocket',
    'Connection: Upgrade', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', 'Sec-WebSocket-Version: 13', '', ''].join('\r\n'));
  await waitFor(() => messages.length > 0, 5_000, 'the live channel hello');
  if (!head.startsWith('HTTP/1.1 101 ')) {
    throw new Error(`live channel refused: ${head}`);
  }
  socket.write(clientFrame(1, JSON.stringify({ type: 'page', path: page, resources })));
  return { messages, close: () => socket.destroy() };
}

/** The body without the injected live-reload <script> (for byte comparisons against the file on disk). */
export function withoutLiveClient(body: Buffer): Buffer {
  return Buffer.from(body.toString('latin1').replace(/<script src="(?:\.\.\/)*__raw-http\/live\.js"><\/script>/, ''), 'latin1');
}
