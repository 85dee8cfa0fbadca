// Refreshes media/live-reload.png: serves a copy of demo/ with the real CLI (`--live`), opens it in Debian's
// headless Chromium, changes the stylesheet on disk, waits for the page to restyle in place, and shows the page
// beside the CLI's own output (the injected client, the WebSocket's 101, the change line). Run: node
// scripts/live-screenshot.mjs (after `node esbuild.mjs`). Not part of npm test: it only redraws a picture.
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const site = mkdtempSync(path.join(tmpdir(), 'raw-http-shot-'));
cpSync(path.join(root, 'demo'), site, { recursive: true });
const cli = spawn(process.execPath, [path.join(root, 'dist/cli.js'), site, '--port', '0', '--live', '--log-format', 'summary'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
cli.stdout.on('data', (chunk) => { output += chunk; });
cli.stderr.on('data', (chunk) => { output += chunk; });
const waitFor = async (check, what, ms = 10_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'] });
try {
  await waitFor(() => /at (http:\/\/\S+)/.test(output), 'the start line');
  const url = /at (http:\/\/\S+)/.exec(output)[1];
  const page = await browser.newPage({ viewport: { width: 640, height: 560 } });
  await page.goto(url);
  await waitFor(() => output.includes('→ 101'), 'the live channel');
  const css = path.join(site, 'style.css');
  writeFileSync(css, `${readFileSync(css, 'utf8')}\nbody { background: #fff3c4; }\nh1 { color: #b3261e; }\n`);
  await waitFor(() => output.includes('CSS swapped'), 'the CSS swap');
  await page.waitForTimeout(400);
  const shot = await page.screenshot({ type: 'png' });
  const log = output.split('\n').filter((line) => line.trim() !== '').slice(-14).join('\n');
  const composed = await browser.newPage({ viewport: { width: 1400, height: 600 } });
  const escape = (text) => text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]);
  await composed.setContent(`<body style="margin:0;display:flex;gap:16px;padding:16px;background:#1e2a38;font:13px system-ui">
    <img style="width:640px;border-radius:6px" src="data:image/png;base64,${shot.toString('base64')}">
    <div style="flex:1;color:#dde6f0"><div style="margin-bottom:8px">style.css saved → restyled in place, no reload
    (CLI <code>--live --log-format summary</code>)</div><pre style="white-space:pre-wrap;font:12px/1.45 monospace;
    background:#0f1722;padding:12px;border-radius:6px">${escape(log)}</pre></div></body>`);
  await composed.screenshot({ path: path.join(root, 'media/live-reload.png') });
  console.log('wrote media/live-reload.png');
} finally {
  await browser.close();
  cli.kill('SIGTERM');
  rmSync(site, { recursive: true, force: true });
}
