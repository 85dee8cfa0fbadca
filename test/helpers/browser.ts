// Test helper: Debian's Chromium driven by playwright-core, launched the way this machine needs it (headless, no
// sandbox as root, and no background networking: the closed network refuses Chromium's own connections). Playwright
// gives every launch a fresh temporary --user-data-dir of its own (it refuses the flag in `args`), so no test sees
// another's cache or storage. Without Chromium a suite fails when CI is set (a missing browser must never pass
// silently there) and is skipped otherwise.

import * as fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.RAW_HTTP_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/**
 * Registers before/after hooks that launch one browser for the suite and close it, and returns a getter for it.
 * Call inside `describe`. Missing Chromium: the hook throws under CI, else skips the suite's tests.
 */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  before(async function () {
    this.timeout(60_000);
    if (!fs.existsSync(CHROMIUM_PATH)) {
      if (process.env.CI) {
        throw new Error(`Chromium not found at ${CHROMIUM_PATH}: the browser tests cannot run (CI installs the Debian package chromium)`);
      }
      this.skip();
    }
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) {
      throw new Error('the browser is not running');
    }
    return browser;
  };
}

/** The text of the element `selector`, or '' while it is missing (a page mid-navigation has no document yet). */
export async function textOf(page: Page, selector: string): Promise<string> {
  try {
    return (await page.textContent(selector, { timeout: 200 })) ?? '';
  } catch {
    return '';
  }
}

/** Waits (bounded) until the element `selector` shows `expected`; fails naming what it showed instead. */
export async function waitForText(page: Page, selector: string, expected: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let shown = '';
  while (Date.now() < deadline) {
    shown = await textOf(page, selector);
    if (shown === expected) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const html = await page.content().catch((error: Error) => `(no content: ${error.message})`);
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${selector} to show "${expected}" (it shows "${shown}"; `
    + `the document: ${html.slice(0, 400)})`);
}

/** Runs a browser-side expression (a string: the tests compile without the DOM's types). */
export async function inPage<T>(page: Page, expression: string): Promise<T> {
  return (await page.evaluate(expression)) as T;
}

/**
 * A page that counts its own loads in sessionStorage (which survives reloads of the tab, not new tabs): the inline
 * script to put in the <head> of a test page, and how to read the count.
 */
export const LOAD_COUNTER_SCRIPT = '<script>sessionStorage.loads = String(Number(sessionStorage.loads || 0) + 1);</script>';

export async function loadCount(page: Page): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    try {
      return Number(await page.evaluate('Number(sessionStorage.getItem("loads") || 0)'));
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20)); // "Execution context was destroyed": mid-reload
    }
  }
  throw new Error('could not read the load count');
}
