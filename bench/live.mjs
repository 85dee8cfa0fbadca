// Live reload in headless Chromium (Debian's /usr/bin/chromium via playwright-core, never a downloaded browser):
// (a) save → reload start: the time from writing a page to the reloaded page's navigation start
//     (performance.timeOrigin, same machine clock), over N saves, with the real CLI (`--live`) pinned like the
//     other servers; (b) the event loop's longest stall inside the server process while a page that references
//     the 1,000 many/ files loads from a cold cache (a new server process and a new browser context per run).
// Either returns { na: reason } when it cannot run, and the bench goes on.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { startServer, stopServer } from './servers.mjs';
import { spawnTracked, stop } from './procs.mjs';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function launch() {
  if (!existsSync(CHROMIUM)) {
    return { na: `no ${CHROMIUM} (apt-get install chromium)` };
  }
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch {
    return { na: 'playwright-core not installed (npm ci)' };
  }
  // Playwright gives each launch a fresh temporary --user-data-dir.
  return { browser: await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS }) };
}

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

const livePage = (text) => `<!doctype html><html><head><meta charset="utf-8"><title>live</title></head>
<body><p id="text">${text}</p></body></html>\n`;

/** (a) save → reload start, `saves` times. */
export async function measureReloadLatency({ repoDir, workDir, saves, taskset, cpu }) {
  const root = join(workDir, 'live');
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'index.html'), livePage('start'));
  const cli = join(repoDir, 'dist', 'cli.js');
  const def = { name: 'raw-live', command: (port) => [process.execPath, [cli, root, '--port', String(port), '--quiet', '--live']] };
  const launched = await launch();
  if (launched.na) {
    return launched;
  }
  const server = await startServer(def, { workDir, taskset, cpu });
  if (server.na) {
    await launched.browser.close();
    return { na: server.na };
  }
  const samplesMs = [];
  try {
    const page = await launched.browser.newPage();
    // Each load opens the live socket; its first frame is the hello, after which a save is heard.
    const helloAfter = () => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no live socket within 5 s')), 5000);
      page.once('websocket', (ws) => ws.once('framereceived', () => { clearTimeout(timer); resolve(); }));
    });
    let hello = helloAfter();
    await page.goto(server.url('/index.html'));
    await hello;
    for (let i = 1; i <= saves; i++) {
      hello = helloAfter();
      const savedAt = performance.timeOrigin + performance.now();
      writeFileSync(join(root, 'index.html'), livePage(`save ${i}`));
      await page.waitForFunction(`document.getElementById('text')?.textContent === 'save ${i}'`, undefined, { timeout: 5000 });
      const navigationStart = await page.evaluate('performance.timeOrigin');
      samplesMs.push(navigationStart - savedAt);
      await hello;
      await sleep(100); // let the reloaded page settle (its resource report) before the next save
    }
  } catch (error) {
    return { na: String(error.message).split('\n')[0] };
  } finally {
    await launched.browser.close();
    await stopServer(server);
  }
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { samplesMs, p50Ms: percentile(sorted, 50), p90Ms: percentile(sorted, 90) };
}

/** The page that references every many/ file, each with the element a real page would use. */
function writeThousandFilePage(fixturesRoot, mixPaths) {
  const tags = mixPaths.filter((p) => p.startsWith('/many/')).map((p) => (p.endsWith('.css') ? `<link rel="stylesheet" href="${p}">`
    : p.endsWith('.js') ? `<script src="${p}" defer></script>` : `<img src="${p}" alt="" width="1" height="1">`));
  writeFileSync(join(fixturesRoot, 'page-1000.html'), `<!doctype html><html><head><meta charset="utf-8"><title>1,000 files</title>
</head><body><p>1,000 files</p>\n${tags.join('\n')}\n</body></html>\n`);
  return tags.length;
}

async function bundleCore(repoDir, workDir) {
  const { build } = await import('esbuild');
  const outfile = join(workDir, 'core-bundle.cjs');
  await build({ entryPoints: [join(repoDir, 'src', 'core', 'devServer.ts')], bundle: true, platform: 'node', format: 'cjs',
    target: 'node20', outfile, logLevel: 'silent' });
  return outfile;
}

/** Starts the in-process harness (pinned to the server core); resolves { child, port, ask(line) }. */
async function startHarness(repoDir, bundle, root, taskset, cpu) {
  const harness = join(repoDir, 'bench', 'loop-stall-server.cjs');
  const [cmd, args] = taskset ? [taskset, ['-c', cpu, process.execPath, harness, bundle, root]] : [process.execPath, [harness, bundle, root]];
  const child = spawnTracked(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  lines.on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  const next = () => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the stall harness did not answer')), 10_000);
    waiting.push((value) => { clearTimeout(timer); resolve(value); });
  });
  const ready = await next();
  return { child, port: ready.port, ask: (line) => { const answer = next(); child.stdin.write(`${line}\n`); return answer; } };
}

/** (b) event-loop stall while the 1,000-file page loads cold, `runs` times. */
export async function measureLoopStall({ repoDir, workDir, fixturesRoot, mixPaths, runs, taskset, cpu }) {
  const files = writeThousandFilePage(fixturesRoot, mixPaths);
  const launched = await launch();
  if (launched.na) {
    return launched;
  }
  const results = [];
  try {
    const bundle = await bundleCore(repoDir, workDir);
    for (let run = 0; run < runs; run++) {
      const harness = await startHarness(repoDir, bundle, fixturesRoot, taskset, cpu);
      const context = await launched.browser.newContext(); // an empty HTTP cache
      try {
        await harness.ask('start');
        const page = await context.newPage();
        await page.goto(`http://127.0.0.1:${harness.port}/page-1000.html`, { waitUntil: 'load', timeout: 60_000 });
        await sleep(300); // the live client reports the 1,000 resources it loaded: part of the load's work
        results.push(await harness.ask('stop'));
      } finally {
        await context.close();
        harness.child.stdin.end();
        await stop(harness.child, 3000);
      }
    }
  } catch (error) {
    return { na: String(error.message).split('\n')[0] };
  } finally {
    await launched.browser.close();
  }
  const p99s = results.map((r) => r.p99Ms).sort((a, b) => a - b);
  return { files, runs: results, p99Ms: p99s[p99s.length >> 1], maxMs: Math.max(...results.map((r) => r.maxMs)),
    requests: Math.min(...results.map((r) => r.requests)) };
}
