// The live-reload responder over real loopback sockets: a tiny net server in the test writes the Reply that
// LiveReload returns (the 101 head included) and hands the socket over, and raw clients speak masked frames to it,
// byte by byte where it matters. Also the change planning, the debounce, and the browser client run in a vm.

import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as vm from 'node:vm';
import { parseRequestHead } from '../../src/core/http/parser';
import { parseTarget } from '../../src/core/http/target';
import { DEFAULT_LIMITS } from '../../src/core/options';
import type { RequestContext } from '../../src/core/server/responder';
import { LiveReload, type ChangeSummary, type LiveReloadOptions } from '../../src/core/routes/liveReload';
import { planChanges, summarize, type PageUsage } from '../../src/core/routes/liveChanges';
import { LIVE_CLIENT_SCRIPT } from '../../src/core/routes/liveClient';
import { clientFrame, closePayload, readServerFrames, type ServerFrame } from '../helpers/wsFrames';
import { parseResponses } from '../helpers/rawClient';
import { waitFor } from '../helpers/wait';

const KEY = 'dGhlIHNhbXBsZSBub25jZQ==';

function context(head: RequestContext['head'], rawHead: Buffer): RequestContext {
  return { head, target: parseTarget(head.target), rawHead, client: '127.0.0.1:1', connectionId: 1, requestIndex: 1,
    body: Buffer.alloc(0), bodyBytes: 0, note: () => undefined };
}

/** A net server that parses one head per connection, writes LiveReload's reply and hands over on a 101. */
async function harness(options: LiveReloadOptions = {}): Promise<{ live: LiveReload; port: number; close(): Promise<void> }> {
  const live = new LiveReload(options);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let buffer = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      buffer = Buffer.concat([buffer, chunk]);
      const parsed = parseRequestHead(buffer, 0, DEFAULT_LIMITS);
      if (parsed.kind === 'incomplete') {
        return;
      }
      socket.off('data', onData);
      socket.pause();
      if (parsed.kind === 'error') {
        socket.destroy();
        return;
      }
      const reply = live.respond(context(parsed.head, buffer.subarray(parsed.start, parsed.end)));
      if (reply === undefined || reply instanceof Promise) {
        socket.end('HTTP/1.1 599 Passed\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      socket.write(`HTTP/1.1 ${reply.status} X\r\n${reply.fieldLines}\r\n`);
      if (reply.body?.kind === 'upgrade') {
        reply.body.accept(socket, buffer.subarray(parsed.end));
      } else {
        socket.end(reply.body?.kind === 'bytes' && parsed.head.method !== 'HEAD' ? reply.body.bytes : Buffer.alloc(0));
      }
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    live, port,
    close: async () => {
      live.close();
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function handshake(port: number, extra: string[] = [`Origin: http://127.0.0.1:${port}`]): string {
  return [`GET /__raw-http/socket HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Upgrade: websocket', 'Connection: Upgrade',
    `Sec-WebSocket-Key: ${KEY}`, 'Sec-WebSocket-Version: 13', ...extra, '', ''].join('\r\n');
}

/** A raw WebSocket client: the 101 head, then server frames as they arrive. */
class TestClient {
  head = '';
  frames: ServerFrame[] = [];
  closed = false;
  private pending: Buffer = Buffer.alloc(0);
  /** autoPong: answer pings, and Closes with a Close, as a browser does. */
  constructor(readonly socket: net.Socket, autoPong = true) {
    socket.on('data', (chunk: Buffer) => {
      this.pending = Buffer.concat([this.pending, chunk]);
      if (this.head === '') {
        const end = this.pending.indexOf('\r\n\r\n');
        if (end === -1) {
          return;
        }
        this.head = this.pending.toString('latin1', 0, end + 4);
        this.pending = this.pending.subarray(end + 4);
      }
      const { frames, rest } = readServerFrames(this.pending);
      this.pending = rest;
      for (const frame of frames) {
        this.frames.push(frame);
        if (autoPong && frame.opcode === 9) {
          socket.write(clientFrame(10, frame.payload));
        } else if (autoPong && frame.opcode === 8) {
          socket.write(clientFrame(8, frame.payload.subarray(0, 2)));
        }
      }
    });
    socket.on('close', () => { this.closed = true; });
    socket.on('error', () => undefined);
  }

  messages(): Array<Record<string, unknown>> {
    return this.frames.filter((frame) => frame.opcode === 1).map((frame) => JSON.parse(frame.payload.toString('utf8')) as Record<string, unknown>);
  }

  closeFrame(): { code: number; reason: string } | undefined {
    const frame = this.frames.find((f) => f.opcode === 8);
    return frame && { code: frame.payload.readUInt16BE(0), reason: frame.payload.toString('utf8', 2) };
  }

  /** Writes bytes one at a time, so every frame boundary is split. */
  async sendByteByByte(bytes: Buffer): Promise<void> {
    for (const byte of bytes) {
      this.socket.write(Buffer.from([byte]));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
}

async function connect(port: number, request: string | Buffer = handshake(port), autoPong = true): Promise<TestClient> {
  const socket = net.createConnection({ host: '127.0.0.1', port });
  const client = new TestClient(socket, autoPong);
  await new Promise<void>((resolve) => socket.once('connect', resolve));
  socket.write(request);
  await waitFor(() => client.head !== '' || client.closed, 3000, 'the handshake answer');
  return client;
}

async function openPage(port: number, page: string, resources: string[]): Promise<TestClient> {
  const client = await connect(port);
  assert.match(client.head, /^HTTP\/1\.1 101 /);
  await waitFor(() => client.messages().length > 0, 3000, 'the hello');
  client.socket.write(clientFrame(1, JSON.stringify({ type: 'page', path: page, resources })));
  return client;
}

async function exchange(port: number, request: string): Promise<ReturnType<typeof parseResponses>[number]> {
  const client = await connect(port, request);
  await waitFor(() => client.closed, 3000, 'the server to close');
  return parseResponses(Buffer.from(client.head + ''), [true])[0];
}

describe('liveReload: reserved paths', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  before(async () => { h = await harness(); });
  after(() => h.close());

  it('serves the client script with no-cache and an ETag, 304 on a match', async () => {
    const client = await connect(h.port, 'GET /__raw-http/live.js HTTP/1.1\r\nHost: x\r\n\r\n');
    await waitFor(() => client.closed, 3000, 'the script');
    const [response] = parseResponses(Buffer.from(client.head, 'latin1'), [true]);
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'text/javascript; charset=utf-8');
    assert.equal(response.headers['cache-control'], 'no-cache');
    assert.equal(Number(response.headers['content-length']), Buffer.byteLength(LIVE_CLIENT_SCRIPT));
    const etag = response.headers.etag;
    assert.match(etag, /^"[^"]+"$/);
    const revalidated = await exchange(h.port, `GET /__raw-http/live.js?v=1 HTTP/1.1\r\nHost: x\r\nIf-None-Match: W/${etag}\r\n\r\n`);
    assert.equal(revalidated.status, 304);
  });

  it('answers 405 for POST to the script, 404 for other reserved paths, and passes everything else on', async () => {
    assert.equal((await exchange(h.port, 'POST /__raw-http/live.js HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n')).status, 405);
    assert.equal((await exchange(h.port, 'GET /__raw-http/secret HTTP/1.1\r\nHost: x\r\n\r\n')).status, 404);
    assert.equal((await exchange(h.port, 'GET /__raw-http HTTP/1.1\r\nHost: x\r\n\r\n')).status, 404);
    assert.equal((await exchange(h.port, 'GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n')).status, 599);
    assert.equal((await exchange(h.port, 'GET /__raw-httpx/live.js HTTP/1.1\r\nHost: x\r\n\r\n')).status, 599);
  });

  it('refuses a handshake without version 13 with 426 naming the version', async () => {
    const response = await exchange(h.port, handshake(h.port).replace('Sec-WebSocket-Version: 13', 'Sec-WebSocket-Version: 8'));
    assert.equal(response.status, 426);
    assert.equal(response.headers['sec-websocket-version'], '13');
  });

  it('opens the channel: 101 with the accept value, then a hello with the server id', async () => {
    const client = await connect(h.port);
    assert.match(client.head, /^HTTP\/1\.1 101 /);
    assert.match(client.head, /\r\nUpgrade: websocket\r\n/i);
    assert.match(client.head, /\r\nConnection: Upgrade\r\n/i);
    assert.match(client.head, /\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK\+xOo=\r\n/);
    await waitFor(() => client.messages().length > 0, 3000, 'the hello');
    assert.deepEqual(client.messages()[0], { type: 'hello', serverId: h.live.serverId });
    assert.equal(client.frames[0].masked, false);
    client.socket.destroy();
  });
});

describe('liveReload: Origin check (RFC 6455 §10.2)', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  before(async () => { h = await harness({ allowedHosts: ['forwarded.example.com'] }); });
  after(() => h.close());

  const cases: Array<[string, (port: number) => string[], number]> = [
    ['Origin equal to Host', (port) => [`Origin: http://127.0.0.1:${port}`], 101],
    ['Origin in another case', (port) => [`Origin: HTTP://127.0.0.1:${port}`], 101],
    ['no Origin (not a browser)', () => [], 101],
    ['an allowed forwarded authority', () => ['Origin: https://forwarded.example.com'], 101],
    ['another site', () => ['Origin: http://evil.example'], 403],
    ['same host, another port', () => ['Origin: http://127.0.0.1:1'], 403],
    ['the opaque origin "null"', () => ['Origin: null'], 403],
    ['a suffix of an allowed name', () => ['Origin: https://xforwarded.example.com'], 403],
  ];
  for (const [title, extra, status] of cases) {
    it(`${title} → ${status}`, async () => {
      const client = await connect(h.port, handshake(h.port, extra(h.port)));
      assert.equal(Number(client.head.split(' ')[1]), status, client.head);
      client.socket.destroy();
    });
  }
});

describe('liveReload: peers', () => {
  let h: Awaited<ReturnType<typeof harness>>;
  let summaries: ChangeSummary[];
  beforeEach(async () => {
    h = await harness({ pingIntervalMs: 60, debounce: { quietMs: 20, maxWaitMs: 100 } });
    summaries = [];
    h.live.on('changed', (summary) => summaries.push(summary));
  });
  afterEach(() => h.close());

  it('counts pages and reports each change of the count', async () => {
    const counts: number[] = [];
    h.live.on('pageCount', (count) => counts.push(count));
    const a = await connect(h.port);
    const b = await connect(h.port);
    await waitFor(() => h.live.pageCount === 2, 3000, 'two pages');
    a.socket.destroy();
    await waitFor(() => h.live.pageCount === 1, 3000, 'one page');
    b.socket.destroy();
    await waitFor(() => h.live.pageCount === 0, 3000, 'no page');
    assert.deepEqual(counts, [1, 2, 1, 0]);
  });

  it('reads a page report sent byte by byte, then swaps CSS on that page and reloads it for its HTML', async () => {
    const client = await connect(h.port);
    await waitFor(() => client.messages().length === 1, 3000, 'the hello');
    const report = { type: 'page', path: '/docs/', resources: ['/css/site%20main.css'] };
    await client.sendByteByByte(clientFrame(1, JSON.stringify(report)));
    const other = await openPage(h.port, '/other.html', ['/css/other.css']);
    await new Promise((resolve) => setTimeout(resolve, 50));
    h.live.changed(['/css/site main.css']);
    await waitFor(() => summaries.length === 1, 3000, 'the CSS summary');
    assert.equal(summaries[0].text, 'site main.css changed → 1 page, CSS swapped');
    await waitFor(() => client.messages().length === 2, 3000, 'the css message');
    assert.deepEqual(client.messages()[1], { type: 'css', paths: ['/css/site main.css'] });
    h.live.changed(['/docs/index.html']);
    await waitFor(() => client.messages().length === 3, 3000, 'the reload');
    assert.deepEqual(client.messages()[2], { type: 'reload' });
    assert.equal(summaries[1].text, 'index.html changed → 1 page reloaded');
    assert.equal(other.messages().length, 1, 'the other page heard nothing');
  });

  it('reloads every page for a file no page is known to use', async () => {
    const a = await openPage(h.port, '/a.html', []);
    const b = await openPage(h.port, '/b.html', []);
    await new Promise((resolve) => setTimeout(resolve, 50));
    h.live.changed(['/data.json']);
    await waitFor(() => a.messages().length === 2 && b.messages().length === 2, 3000, 'two reloads');
    assert.equal(summaries[0].text, 'data.json changed → 2 pages reloaded');
  });

  it('turns a burst of 20 writes in 200 ms into one or two messages; a single save arrives within ~50 ms', async () => {
    const client = await openPage(h.port, '/a.html', []);
    await new Promise((resolve) => setTimeout(resolve, 50));
    for (let i = 0; i < 20; i++) {
      h.live.changed(['/a.html']);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    await new Promise((resolve) => setTimeout(resolve, 150));
    const burst = client.messages().length - 1;
    assert.ok(burst >= 1 && burst <= 3, `${burst} messages for the burst`);
    const live = new LiveReload();
    try {
      const started = Date.now();
      let flushedAt = 0;
      live.on('changed', () => { flushedAt = Date.now(); });
      live.changed(['/a.html']);
      await waitFor(() => flushedAt !== 0, 1000, 'the default debounce');
      assert.ok(flushedAt - started < 80, `flushed after ${flushedAt - started} ms`);
    } finally {
      live.close();
    }
  });

  it('answers a ping with a pong carrying the same data, also for a frame sent with the handshake', async () => {
    const client = await connect(h.port, Buffer.concat([Buffer.from(handshake(h.port)), clientFrame(9, 'early')]));
    await waitFor(() => client.frames.some((f) => f.opcode === 10), 3000, 'the pong');
    assert.equal(client.frames.find((f) => f.opcode === 10)?.payload.toString(), 'early');
  });

  it('answers a Close with a Close echoing the code, then closes TCP', async () => {
    const client = await connect(h.port);
    client.socket.write(clientFrame(8, closePayload(1000, 'bye')));
    await waitFor(() => client.closed, 3000, 'the server to close');
    assert.deepEqual(client.closeFrame(), { code: 1000, reason: '' });
  });

  const garbage: Array<[string, Buffer, number]> = [
    ['an unmasked frame', clientFrame(1, 'x', { masked: false }), 1002],
    ['invalid UTF-8', clientFrame(1, Buffer.from([0xc3, 0x28])), 1007],
    ['a binary message', clientFrame(2, 'x'), 1003],
    ['text that is not JSON', clientFrame(1, 'hello'), 1008],
    ['an unknown message', clientFrame(1, '{"type":"page","path":"no-slash"}'), 1008],
    ['an oversized message', clientFrame(1, 'x'.repeat(300 * 1024)), 1009],
  ];
  for (const [title, bytes, code] of garbage) {
    it(`closes a peer that sends ${title} with ${code}`, async () => {
      const client = await connect(h.port);
      client.socket.write(bytes);
      await waitFor(() => client.closed, 3000, 'the server to close');
      assert.equal(client.closeFrame()?.code, code);
      await waitFor(() => h.live.pageCount === 0, 3000, 'the peer to be dropped');
    });
  }

  it('drops a peer that does not answer pings and keeps one that does', async () => {
    const silent = await connect(h.port, handshake(h.port), false);
    const alive = await connect(h.port, handshake(h.port), true);
    await waitFor(() => silent.closed, 3000, 'the silent peer to be dropped');
    await new Promise((resolve) => setTimeout(resolve, 150));
    assert.equal(alive.closed, false);
    assert.ok(alive.frames.filter((f) => f.opcode === 9).length >= 2, 'pings keep coming');
    assert.equal(h.live.pageCount, 1);
  });

  it('close() says 1001 to every peer', async () => {
    const a = await connect(h.port);
    const b = await connect(h.port);
    await waitFor(() => h.live.pageCount === 2, 3000, 'two pages');
    h.live.close();
    await waitFor(() => a.closeFrame() !== undefined && b.closeFrame() !== undefined, 3000, 'two close frames');
    assert.equal(a.closeFrame()?.code, 1001);
    await waitFor(() => a.closed && b.closed, 3000, 'the closing handshakes to finish');
  });
});

describe('liveReload: change planning', () => {
  const usage = (page: string | undefined, ...resources: string[]): PageUsage => ({ page, resources: new Set(resources) });
  const peers = new Map<string, PageUsage>([
    ['home', usage('/', '/site.css', '/app.js')], ['docs', usage('/docs/a.html', '/site.css', '/docs.css')], ['new', usage(undefined)],
  ]);
  const cases: Array<[string[], string[], Array<[string, string[]]>]> = [
    [['/site.css'], [], [['home', ['/site.css']], ['docs', ['/site.css']]]],
    [['/docs.css'], [], [['docs', ['/docs.css']]]],
    [['/index.html'], ['home'], []],
    [['/app.js', '/docs.css'], ['home'], [['docs', ['/docs.css']]]],
    [['/unknown.txt'], ['home', 'docs', 'new'], []],
    [['/imported.css'], [], [['home', ['/imported.css']], ['docs', ['/imported.css']], ['new', ['/imported.css']]]],
  ];
  for (const [paths, reload, swap] of cases) {
    it(`${paths.join(' + ')} → reload [${reload.join(', ')}], swap [${swap.map(([p]) => p).join(', ')}]`, () => {
      const plan = planChanges(paths, peers);
      assert.deepEqual(plan.reload, reload);
      assert.deepEqual(plan.swapCss.map(({ peer, paths: p }) => [peer, p]), swap);
    });
  }

  it('summarises in one line', () => {
    assert.equal(summarize(['/style.css'], 0, 2), 'style.css changed → 2 pages, CSS swapped');
    assert.equal(summarize(['/index.html'], 3, 0), 'index.html changed → 3 pages reloaded');
    assert.equal(summarize(['/a.js', '/b.css'], 1, 1), 'a.js, b.css changed → 1 page reloaded, 1 page CSS swapped');
    assert.equal(summarize(['/a', '/b', '/c', '/d'], 0, 0), 'a, b, c and 1 more changed → no pages open');
  });
});

/** Runs the browser client in a vm with a fake DOM, WebSocket and timers. */
function runClient(scriptSrc: string, pageHref: string, linkHrefs: string[] = []) {
  const sent: Array<Record<string, unknown>> = [];
  const sockets: FakeSocket[] = [];
  const timers: Array<{ run: () => void; ms: number }> = [];
  const state = { reloads: 0 };
  class FakeSocket {
    readyState = 1;
    onmessage: ((event: { data: string }) => void) | undefined;
    onclose: (() => void) | undefined;
    constructor(readonly url: string) { sockets.push(this); }
    send(text: string): void { sent.push(JSON.parse(text) as Record<string, unknown>); }
    receive(message: unknown): void { this.onmessage?.({ data: JSON.stringify(message) }); }
  }
  const parent = {
    inserted: [] as FakeLink[], removed: [] as FakeLink[],
    insertBefore(node: FakeLink): void { this.inserted.push(node); links.push(node); },
    removeChild(node: FakeLink): void { this.removed.push(node); links.splice(links.indexOf(node), 1); },
  };
  class FakeLink {
    rel = 'stylesheet';
    parentNode: typeof parent | null = parent;
    onload: (() => void) | undefined;
    onerror: (() => void) | undefined;
    __rawHttpReplaced?: boolean;
    constructor(public href: string) {}
    cloneNode(): FakeLink { return new FakeLink(this.href); }
  }
  const links = linkHrefs.map((href) => new FakeLink(href));
  const sandbox: Record<string, unknown> = {
    document: { currentScript: { src: scriptSrc }, getElementsByTagName: () => [...links] },
    location: { href: pageHref, reload: () => { state.reloads++; } },
    performance: {
      getEntriesByType: () => [{ name: new URL('../css/a.css', scriptSrc).href }, { name: 'https://cdn.example/x.js' }, { name: scriptSrc }],
    },
    WebSocket: FakeSocket, URL,
    setTimeout: (run: () => void, ms: number) => timers.push({ run, ms }),
  };
  sandbox.window = sandbox;
  const contextified = vm.createContext(sandbox);
  const run = (): void => { vm.runInContext(LIVE_CLIENT_SCRIPT, contextified); };
  run();
  return { sent, sockets, timers, state, links, parent, run };
}

describe('liveReload: the browser client', () => {
  const PROXIED = 'http://h:9/proxy/8000/__raw-http/live.js';

  it('derives the socket URL and the root from its own URL (ws: and wss:, behind a path proxy)', () => {
    assert.equal(runClient(PROXIED, 'http://h:9/proxy/8000/').sockets[0].url, 'ws://h:9/proxy/8000/__raw-http/socket');
    assert.equal(runClient('https://x.example/__raw-http/live.js?v=2', 'https://x.example/').sockets[0].url,
      'wss://x.example/__raw-http/socket');
  });

  it('runs once per page (one guard global)', () => {
    const client = runClient(PROXIED, 'http://h:9/proxy/8000/');
    client.run();
    assert.equal(client.sockets.length, 1);
  });

  it('reports the page and its same-origin resources as server-side paths after the hello', () => {
    const client = runClient(PROXIED, 'http://h:9/proxy/8000/docs/a.html');
    client.sockets[0].receive({ type: 'hello', serverId: 's1' });
    assert.deepEqual(client.sent, [{ type: 'page', path: '/docs/a.html', resources: ['/css/a.css'] }]);
  });

  it('reloads on "reload"', () => {
    const client = runClient(PROXIED, 'http://h:9/proxy/8000/');
    client.sockets[0].receive({ type: 'reload' });
    assert.equal(client.state.reloads, 1);
  });

  it('swaps the matching stylesheet with a cache-busting copy, removing the old one only once the copy loaded', () => {
    const client = runClient(PROXIED, 'http://h:9/proxy/8000/', ['http://h:9/proxy/8000/css/a.css', 'http://h:9/proxy/8000/css/b.css']);
    const [oldA] = client.links;
    client.sockets[0].receive({ type: 'css', paths: ['/css/a.css'] });
    assert.equal(client.parent.inserted.length, 1);
    const copy = client.parent.inserted[0];
    assert.match(copy.href, /^http:\/\/h:9\/proxy\/8000\/css\/a\.css\?__raw_http_live=\d+$/);
    assert.deepEqual(client.parent.removed, [], 'the old link stays until the copy has loaded');
    copy.onload?.();
    assert.deepEqual(client.parent.removed, [oldA]);
    assert.equal(client.state.reloads, 0);
  });

  it('refreshes every stylesheet when none matched (an @import)', () => {
    const client = runClient(PROXIED, 'http://h:9/proxy/8000/', ['http://h:9/proxy/8000/css/a.css', 'http://h:9/proxy/8000/css/b.css']);
    client.sockets[0].receive({ type: 'css', paths: ['/css/imported.css'] });
    assert.equal(client.parent.inserted.length, 2);
  });

  it('reconnects with a capped backoff, never reloading while the server is gone; a new server id reloads once', () => {
    const client = runClient(PROXIED, 'http://h:9/proxy/8000/');
    client.sockets[0].receive({ type: 'hello', serverId: 'first' });
    for (let i = 0; i < 12; i++) {
      client.sockets[client.sockets.length - 1].onclose?.();
      client.timers[client.timers.length - 1].run();
    }
    assert.equal(client.sockets.length, 13);
    assert.deepEqual(client.timers.slice(0, 3).map((t) => t.ms), [500, 1000, 2000]);
    assert.equal(Math.max(...client.timers.map((t) => t.ms)), 10000);
    assert.equal(client.state.reloads, 0);
    const last = client.sockets[client.sockets.length - 1];
    last.receive({ type: 'hello', serverId: 'first' });
    assert.equal(client.state.reloads, 0, 'same server: no reload');
    last.onclose?.();
    client.timers[client.timers.length - 1].run();
    client.sockets[client.sockets.length - 1].receive({ type: 'hello', serverId: 'second' });
    assert.equal(client.state.reloads, 1);
  });
});
