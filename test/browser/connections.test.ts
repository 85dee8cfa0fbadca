// Live reload's channel in a real browser: it must not use up the six HTTP/1.1 connections Chromium allows per
// host (it is a WebSocket, with a pool of its own), it must come back by itself after a server restart (one
// reload, not a loop), and it must connect through a path-prefix proxy such as code-server's /proxy/PORT/.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { inPage, LOAD_COUNTER_SCRIPT, loadCount, useBrowser, waitForText } from '../helpers/browser';
import { startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { waitFor } from '../helpers/wait';
import { startPrefixProxy, type PrefixProxy } from './prefixProxy';

/** A valid 1×1 PNG, so every <img> can be checked as decoded. */
const PIXEL = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const IMAGES = 24;

const page = (text: string): string => `<!doctype html><html><head><meta charset="utf-8">${LOAD_COUNTER_SCRIPT}</head>
<body><p id="text">${text}</p></body></html>\n`;

function galleryTree(): Record<string, string | Buffer> {
  const spec: Record<string, string | Buffer> = { 'index.html': page('home'), 'docs/page.html': page('behind the proxy') };
  const images: string[] = [];
  for (let i = 0; i < IMAGES; i++) {
    spec[`img/${i}.png`] = PIXEL;
    images.push(`<img src="img/${i}.png" width="1" height="1">`);
  }
  spec['gallery.html'] = `<!doctype html><html><body><p id="text">gallery</p>${images.join('')}</body></html>\n`;
  return spec;
}

describe('browser: the live channel, with many tabs, a restart and a path proxy', function () {
  this.timeout(40_000);
  const browser = useBrowser();
  let tree: ReturnType<typeof makeTree>;
  let server: TestServer;
  let context: BrowserContext;
  let proxy: PrefixProxy | undefined;

  beforeEach(async () => {
    tree = makeTree(galleryTree());
    server = await startServer({ root: tree.dir, liveReload: true });
    context = await browser().newContext();
  });

  afterEach(async () => {
    await context?.close();
    await proxy?.close();
    proxy = undefined;
    await server?.close();
    tree?.cleanup();
  });

  async function open(url: string): Promise<Page> {
    const tab = await context.newPage();
    await tab.goto(url);
    return tab;
  }

  const local = (urlPath: string): string => `http://127.0.0.1:${server.port}${urlPath}`;

  it('eight live tabs open, a ninth page with 24 images still loads at once (the channel is not an HTTP request)', async () => {
    for (let i = 1; i <= 8; i++) {
      await open(local('/index.html'));
      await waitFor(() => server.server.live?.pageCount === i, 5000, `${i} live tabs`);
    }
    // Were each channel one of the six HTTP/1.1 connections Chromium allows per host, the pool would be full and
    // this page, or its images, would wait until a tab closed: here, forever.
    const started = Date.now();
    const gallery = await open(local('/gallery.html'));
    await gallery.waitForFunction(`Array.from(document.images).every((image) => image.complete && image.naturalWidth === 1)`,
      undefined, { timeout: 5000 });
    const loadedMs = Date.now() - started;
    assert.equal(await inPage(gallery, 'document.images.length'), IMAGES);
    await waitFor(() => server.server.live?.pageCount === 9, 5000, 'the ninth page live too');
    assert.ok(loadedMs < 5000, `the ninth page took ${loadedMs} ms`);
  });

  it('after a server restart on the same port the page reconnects by itself and reloads exactly once', async () => {
    const port = server.port;
    const tab = await open(local('/index.html'));
    await waitFor(() => server.server.live?.pageCount === 1, 5000, 'the page live');
    await server.close();
    server = await startServer({ root: tree.dir, liveReload: true, port });
    await waitFor(() => server.server.live?.pageCount === 1, 10_000, 'the page reconnected to the new server');
    await tab.waitForFunction('Number(sessionStorage.getItem("loads")) >= 2', undefined, { timeout: 5000 });
    // A reload loop would show up as more loads (each reload reconnects within about 0.5 s).
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal(await loadCount(tab), 2, 'one load, then one reload for the restart');
    assert.equal(server.server.live?.pageCount, 1);
  });

  it('a page behind a path-prefix proxy (/proxy/PORT/) connects and reloads on save', async () => {
    const prefix = `/proxy/${server.port}/`;
    proxy = await startPrefixProxy(prefix, server.port);
    const tab = await open(`http://127.0.0.1:${proxy.port}${prefix}docs/page.html`);
    await waitFor(() => server.server.live?.pageCount === 1, 5000, 'the proxied page live');
    assert.ok(proxy.forwarded.includes('/__raw-http/socket'), `the socket went through the proxy: ${proxy.forwarded.join(', ')}`);
    // Chromium asks for /favicon.ico at the origin's root by itself; nothing the page or its client asked for may leave the prefix.
    assert.deepEqual(proxy.refused.filter((target) => target !== '/favicon.ico'), [], 'nothing asked for a URL outside the prefix');
    fs.writeFileSync(path.join(tree.dir, 'docs/page.html'), page('saved behind the proxy'));
    await waitForText(tab, '#text', 'saved behind the proxy');
    assert.equal(new URL(tab.url()).pathname, `${prefix}docs/page.html`);
  });
});
