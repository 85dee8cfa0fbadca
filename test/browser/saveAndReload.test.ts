// Live reload in a real browser: headless Chromium opens pages from the real server (in-process, live reload on,
// its own fs.watch root watcher), the test saves real files in a temp folder, and the page must follow: a reload
// for HTML, a stylesheet swap without a reload for CSS, one or a few reloads for a burst of saves.

import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { inPage, LOAD_COUNTER_SCRIPT, loadCount, useBrowser, waitForText } from '../helpers/browser';
import { startServer, type TestServer } from '../helpers/rawClient';
import { makeTree } from '../helpers/tempTree';
import { waitFor } from '../helpers/wait';

const page = (text: string): string => `<!doctype html>\n<html><head><meta charset="utf-8"><title>t</title>
<link rel="stylesheet" href="style.css">${LOAD_COUNTER_SCRIPT}</head>
<body><p id="text">${text}</p></body></html>\n`;

describe('browser: saving files reloads or restyles the open page', function () {
  this.timeout(30_000);
  const browser = useBrowser();
  let tree: ReturnType<typeof makeTree>;
  let server: TestServer;
  let context: BrowserContext;

  beforeEach(async () => {
    tree = makeTree({
      'index.html': page('first'),
      'style.css': 'body { color: rgb(255, 0, 0); }\n',
      'bare.html': '<p id="text">bare one</p>\n',
    });
    server = await startServer({ root: tree.dir, liveReload: true });
    context = await browser().newContext();
  });

  afterEach(async () => {
    await context?.close();
    await server?.close();
    tree?.cleanup();
  });

  /** Opens `urlPath` and waits until its live channel is open (the server counts it). */
  async function openLive(urlPath: string, pages = 1): Promise<Page> {
    const tab = await context.newPage();
    await tab.goto(`http://127.0.0.1:${server.port}${urlPath}`);
    await waitFor(() => server.server.live?.pageCount === pages, 5000, `${pages} live page(s)`);
    return tab;
  }

  function save(relative: string, contents: string): void {
    fs.writeFileSync(path.join(tree.dir, relative), contents);
  }

  it('an HTML save reloads the page, which then shows the new text', async () => {
    const tab = await openLive('/index.html');
    await inPage(tab, 'window.__beforeSave = 1');
    save('index.html', page('second'));
    await waitForText(tab, '#text', 'second');
    assert.equal(await inPage(tab, 'window.__beforeSave'), undefined, 'a reload starts a new window');
    assert.equal(await loadCount(tab), 2);
  });

  it('an HTML save reloads once even when the reloaded page reads its hello late (a busy page)', async () => {
    // The flake this pins: the hello's changedMsAgo is measured when the server sends it, the page's age when the
    // page handles it. A page busy loading handles it tens of ms late, and then the page reloaded by the save
    // looked older than the save and reloaded again (3 loads). Here every hello waits 150 ms on the page.
    await context.addInitScript(`(() => {
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        set onmessage(handler) {
          super.onmessage = (event) => String(event.data).includes('"hello"')
            ? setTimeout(() => handler.call(this, event), 150) : handler.call(this, event);
        }
      };
    })()`);
    const tab = await openLive('/index.html');
    save('index.html', page('second'));
    await waitForText(tab, '#text', 'second');
    await new Promise((resolve) => setTimeout(resolve, 600)); // a second reload would have started by now
    assert.equal(await loadCount(tab), 2);
    assert.equal(await inPage(tab, 'document.getElementById("text").textContent'), 'second');
  });

  it('a CSS save restyles the page in place: computed style changes, a window marker survives', async () => {
    const tab = await openLive('/index.html');
    assert.equal(await inPage(tab, 'getComputedStyle(document.body).color'), 'rgb(255, 0, 0)');
    await inPage(tab, 'window.__beforeSave = 42');
    save('style.css', 'body { color: rgb(0, 0, 255); }\n');
    await tab.waitForFunction('getComputedStyle(document.body).color === "rgb(0, 0, 255)"', undefined, { timeout: 5000 });
    assert.equal(await inPage(tab, 'window.__beforeSave'), 42, 'no reload: the marker set before the save is still there');
    assert.equal(await loadCount(tab), 1);
    assert.equal(await inPage(tab, 'document.querySelectorAll("link[rel=stylesheet]").length'), 1,
      'the old <link> is removed once its copy has loaded');
  });

  it('a page with no <html>, <head> or <body> tags reloads too', async () => {
    const tab = await openLive('/bare.html');
    assert.equal(await inPage(tab, 'document.querySelectorAll("script[src$=\\"__raw-http/live.js\\"]").length'), 1);
    save('bare.html', '<p id="text">bare two</p>\n');
    await waitForText(tab, '#text', 'bare two');
  });

  it('a page requested before a save whose channel opens only after the save went out still reloads', async () => {
    // The race a burst of saves hits: the page is fetched, the file changes, the change is sent to the open pages,
    // and only then does this page's socket open. Holding its live.js request until the change went out makes
    // that order certain.
    const tab = await context.newPage();
    let held = false;
    await tab.route('**/__raw-http/live.js', async (route) => {
      if (!held) {
        held = true;
        const sent = new Promise((resolve) => server.server.live!.once('changed', resolve));
        save('index.html', page('saved while loading'));
        await sent;
      }
      await route.continue();
    });
    await tab.goto(`http://127.0.0.1:${server.port}/index.html`, { waitUntil: 'commit' });
    await waitForText(tab, '#text', 'saved while loading');
    assert.equal(await loadCount(tab), 2);
  });

  it('20 saves within 200 ms cause only a few reloads, and the page ends on the last text', async () => {
    const tab = await openLive('/index.html');
    const started = Date.now();
    for (let i = 1; i <= 20; i++) {
      save('index.html', page(`burst ${i}`));
      // One save every 9 ms on the clock: setImmediate, because timers run late on a loaded 2-core machine.
      while (Date.now() < started + i * 9) {
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    // 20 × 9 ms is 180 ms; a loaded machine stretches it, and past ~0.5 s the saves no longer come as one burst.
    assert.ok(Date.now() - started < 500, `the burst took ${Date.now() - started} ms: too long to mean anything`);
    await waitForText(tab, '#text', 'burst 20');
    await new Promise((resolve) => setTimeout(resolve, 1000)); // any late reload would show up here
    const reloads = (await loadCount(tab)) - 1;
    assert.ok(reloads >= 1 && reloads <= 3, `expected 1 to 3 reloads for the burst, got ${reloads}`);
    assert.equal(await inPage(tab, 'document.getElementById("text").textContent'), 'burst 20');
  });
});
