// Red-team findings on the live channel: what a page may report was bounded by count (2000 paths) and not by size
// (4 KiB each), so each socket could pin 8 MB and a local client with many sockets gigabytes; and the change line
// quoted file names with their arrows, so a file named "x → 9 pages reloaded" forged the summary.

import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import type { LivePeer } from '../../src/core/routes/livePeer';
import { summarize } from '../../src/core/routes/liveChanges';
import { startServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { clientFrame } from '../helpers/wsFrames';
import { waitFor } from '../helpers/wait';

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

describe('red team: live channel', function () {
  this.timeout(20_000);

  it('a page reporting megabytes of resource paths keeps at most 256 Ki characters of them', async () => {
    const tree = makeTree({ 'index.html': '<body></body>' }, 'raw-http-redteam-live-');
    const srv = await startServer({ root: tree.dir, liveReload: true });
    const socket = net.createConnection({ host: '127.0.0.1', port: srv.port });
    try {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      socket.resume();
      socket.write(`GET /__raw-http/socket HTTP/1.1\r\nHost: 127.0.0.1:${srv.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n`
        + `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1:${srv.port}\r\n\r\n`);
      const live = srv.server.live!;
      await waitFor(() => live.pageCount === 1, 3000, 'the page to connect');
      // 40 messages of 60 distinct 4000-character paths: 9.6 M characters offered, 2400 paths.
      for (let message = 0; message < 40; message++) {
        const paths = Array.from({ length: 60 }, (_, i) => `/${String(message * 60 + i).padStart(6, '0')}${'a'.repeat(3993)}`);
        socket.write(clientFrame(1, JSON.stringify({ type: message === 0 ? 'page' : 'resources', ...(message === 0
          ? { path: '/', resources: paths } : { paths }) })));
      }
      const peers = (live as unknown as { peers: Map<LivePeer, LivePeer> }).peers;
      const held = (): number => [...peers.keys()].reduce((sum, peer) => sum + [...peer.resources].reduce((n, p) => n + p.length, 0), 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      assert.equal(live.pageCount, 1, 'the page stays connected');
      assert.ok(held() > 0, 'some resources are kept');
      assert.ok(held() <= 256 * 1024, `${held()} characters of resource paths held`);
    } finally {
      socket.destroy();
      await srv.close();
      tree.cleanup();
    }
  });

  it('the change summary escapes arrows, line breaks and bidi controls in file names', () => {
    const text = summarize(['/a \u2192 9 pages reloaded.html', '/b\nc.css', '/d\u202Ee.js'], 1, 0);
    assert.equal((text.match(/\u2192/g) ?? []).length, 1, text);
    assert.ok(!/[\n\u202E]/.test(text), text);
    assert.match(text, /\u2192 1 page reloaded$/);
  });
});
