// `npm run bench`: orchestrates the benchmark. Builds fixtures, measures startup, starts every server once,
// measures 1,000 idle connections, then runs the load matrix with repetitions interleaved across servers (so
// drift on this shared machine hits all servers alike), prints the report and writes bench/results.md. Live reload
// is measured on its own (headless Chromium, bench/live.mjs); every server of the matrix runs with it off.
// Flags: --quick (smoke, ~60 s), --only=raw,node-http, --duration=S, --reps=N, --idle=N, --budget=S,
// --loadgen=autocannon, --build (rebuild dist/ first). Quick or --only runs write bench/.work/results-partial.md.
import { existsSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { installCleanupHandlers, run, stopAll } from './procs.mjs';
import { ensureFixtures } from './fixtures.mjs';
import { findLoadGenerator, runLoad } from './load.mjs';
import { serverDefs, startServer, stopServer } from './servers.mjs';
import { openIdleConnections } from './probe.mjs';
import { sampleRss, treeRss } from './rss.mjs';
import { buildTables, renderText, renderMarkdown } from './report.mjs';
import { measureLoopStall, measureReloadLatency } from './live.mjs';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const REPO_DIR = join(BENCH_DIR, '..');
const WORK_DIR = join(BENCH_DIR, '.work');

function parseArgs(argv) {
  const get = (name) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=').slice(1).join('=');
  const quick = argv.includes('--quick');
  return {
    quick,
    only: get('only')?.split(',').map((s) => s.trim()).filter(Boolean),
    // 3 s × 3 repetitions keeps the full matrix (≈120 runs) inside the 10-minute limit on 2 cores.
    durationS: Number(get('duration') ?? (quick ? 2 : 3)),
    reps: Number(get('reps') ?? (quick ? 1 : 3)),
    loadgen: get('loadgen'),
    build: argv.includes('--build'),
    idleCount: Number(get('idle') ?? 1000),
    // Hard wall-clock budget for the whole run; load cells that would overrun it are reported n/a.
    budgetS: Number(get('budget') ?? (quick ? 120 : 570)),
  };
}

const CORE = ['raw', 'node-http', 'nginx', 'http-server'];
const ALL = [...CORE, 'raw+log', 'serve', 'sirv'];

/** The load matrix. `who` = servers that run the row (every row includes the pairs its ratios need). */
function matrix(quick) {
  const rows = [
    { id: 'small-ka-1', label: 'index.html keep-alive c1', path: '/index.html', connections: 1, who: CORE },
    { id: 'small-ka-16', label: 'index.html keep-alive c16', path: '/index.html', connections: 16, who: ALL },
    { id: 'small-ka-128', label: 'index.html keep-alive c128', path: '/index.html', connections: 128, who: CORE },
    { id: 'small-close-16', label: 'index.html Connection: close c16', path: '/index.html', connections: 16,
      close: true, who: ALL },
    { id: 'big-1', label: '100 MiB big.bin c1', path: '/big.bin', connections: 1, metric: 'mbps', who: CORE },
    { id: 'big-16', label: '100 MiB big.bin c16', path: '/big.bin', connections: 16, metric: 'mbps',
      who: [...CORE, 'serve', 'sirv'] },
    { id: 'mix-16', label: 'page-load mix (1,003 files) c16', mix: true, connections: 16, who: ALL },
  ];
  return quick ? rows.filter((r) => ['small-ka-16', 'small-close-16', 'mix-16'].includes(r.id)) : rows;
}

async function machineMeta(opts, gen, taskset, servers) {
  const uname = (await run('uname', ['-a'], { timeoutMs: 5000 })).stdout.trim();
  let cpu = cpus()[0]?.model ?? 'unknown';
  try {
    cpu = /^model name\s*:\s*(.*)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpu;
  } catch { /* not Linux */ }
  const gv = gen.kind === 'wrk'
    ? (await run(gen.bin, ['-v'], { timeoutMs: 5000 })).stdout.split('\n')[0].replace(/ Copyright.*/, '')
    : 'autocannon (wrk unavailable)';
  const nginx = existsSync('/usr/sbin/nginx')
    ? (await run('/usr/sbin/nginx', ['-v'], { timeoutMs: 5000 })).stderr.trim() : 'not installed';
  const cli = join(REPO_DIR, 'dist', 'cli.js');
  const ours = existsSync(cli) ? (await run(process.execPath, [cli, '--version'], { timeoutMs: 5000 })).stdout.trim() : '';
  return [
    ['date', new Date().toISOString()],
    ['raw-http-server', ours || 'dist/cli.js missing'],
    ['uname -a', uname],
    ['node', process.version],
    ['CPU', `${cpu} (${cpus().length} cores)`],
    ['load generator', gv],
    ['nginx', nginx],
    ['mode', `${opts.quick ? 'quick' : 'full'}: ${opts.durationS} s per measurement × ${opts.reps} repetition(s), median`],
    ['load average (1 min) at start / end', `${opts.loadStart.toFixed(2)} / ${loadavg()[0].toFixed(2)}`],
    ['live reload in the matrix', opts.liveInMatrix ?? 'not checked'],
    ['pinning', taskset ? 'server on CPU 0 (nginx: 1 worker), load generator and bench on CPU 1' : 'none (no taskset)'],
    ['servers', servers.map((s) => (s.na ? `${s.name}: n/a (${s.na})` : s.name)).join('; ')],
  ];
}

async function measureStartup(def, pin, runs) {
  const samples = [];
  // One untimed warm-up spawn first, so the figure is a warm start (the common case), not a cold disk cache.
  for (let i = 0; i <= runs; i++) {
    const h = await startServer(def, { workDir: WORK_DIR, ...pin });
    if (h.na) {
      return { na: h.na };
    }
    await stopServer(h);
    if (i > 0) {
      samples.push(h.startupMs);
    }
  }
  const sorted = [...samples].sort((a, b) => a - b);
  return { samplesMs: samples, medianMs: sorted[sorted.length >> 1] };
}

/**
 * The logging cost measured in pairs: raw and raw+log loaded at the same moment (each by its own wrk on the load
 * CPU) while they share CPU 0, so both see the same machine at the same instant. Sequential cells drift by ±10%
 * within a minute on a shared VM; a pair cancels that drift (quiet vs quiet measures 0.97–1.02 this way).
 * Both servers are CPU-bound and get equal shares, so the ratio is that of their costs per request. The two wrk
 * processes share CPU 1; at half a core each they still outrun a server on half a core.
 */
async function measurePairedLogging(gen, running, { reps, durationS, taskset, deadline, quick }) {
  const quiet = running.find((s) => s.name === 'raw');
  const logging = running.find((s) => s.name === 'raw+log');
  if (!quiet || !logging || gen.kind !== 'wrk') {
    return { na: !quiet || !logging ? 'needs raw and raw+log' : 'needs wrk' };
  }
  const samples = [];
  const rounds = quick ? 1 : Math.max(reps, 5);
  for (let i = 0; i < rounds && performance.now() + (durationS + 3) * 1000 < deadline; i++) {
    process.stderr.write(`[bench] logging cost, paired · round ${i + 1}/${rounds}\n`);
    const load = (s) => runLoad(gen, { url: s.url('/index.html'), connections: 16, durationS, taskset, cpu: '1' });
    // Both settle before the next round: a failed load must not leave the other running into it.
    const [a, b] = (await Promise.allSettled([load(quiet), load(logging)])).map((r) => (r.status === 'fulfilled' ? r.value : undefined));
    if (a?.rps > 0 && b?.rps > 0) {
      samples.push(b.rps / a.rps);
    }
    await sleep(200);
  }
  return samples.length > 0 ? { samples } : { na: 'no round completed' };
}

async function measureIdle(handle, count) {
  const baseline = treeRss(handle.pid);
  const conns = await openIdleConnections(handle.port, count);
  await sleep(500); // let the server settle after the last response before sampling
  const rss = treeRss(handle.pid);
  const open = conns.stillOpen();
  conns.closeAll();
  await sleep(300);
  return { rss, growth: Math.max(0, rss - baseline), answered: conns.answered, open };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  opts.loadStart = loadavg()[0]; // shown with the results: a busy shared machine explains odd absolutes
  installCleanupHandlers();
  mkdirSync(WORK_DIR, { recursive: true });
  const t0 = performance.now();

  const taskset = existsSync('/usr/bin/taskset') && availableParallelism() >= 2 ? '/usr/bin/taskset' : undefined;
  if (taskset) {
    // Keep the bench itself (RSS sampling, idle sockets) off the server's core.
    await run(taskset, ['-a', '-p', '-c', '1', String(process.pid)], { timeoutMs: 5000 });
  }
  const serverPin = { taskset, cpu: '0' };

  const fixtures = ensureFixtures(WORK_DIR, { withBig: !opts.quick });
  console.error(`[bench] fixtures in ${fixtures.root}${fixtures.built.length ? ` (built: ${fixtures.built.join(', ')})` : ' (reused)'}`);

  const gen = await findLoadGenerator(WORK_DIR, { prefer: opts.loadgen });
  if (gen.kind === 'none') {
    console.error(`[bench] no load generator: ${gen.reason}`);
    process.exitCode = 1;
    return;
  }

  let defs = serverDefs({ repoDir: REPO_DIR, workDir: WORK_DIR, root: fixtures.root, build: opts.build });
  if (opts.only) {
    const unknown = opts.only.filter((n) => !defs.some((d) => d.name === n));
    if (unknown.length > 0) {
      console.error(`[bench] unknown server(s) in --only: ${unknown.join(', ')} (known: ${defs.map((d) => d.name).join(', ')})`);
    }
    defs = defs.filter((d) => opts.only.includes(d.name));
  } else if (opts.quick) {
    defs = defs.filter((d) => d.group !== 'peer'); // quick mode skips the npm-installed peers
  }
  const prepared = new Map();
  for (const def of defs) {
    prepared.set(def.name, await def.prepare());
  }

  // Startup first, while nothing else is running.
  const startup = {};
  for (const name of ['raw', 'node-http']) {
    const def = defs.find((d) => d.name === name);
    if (def) {
      startup[name] = prepared.get(name) ? { na: prepared.get(name) }
        : await measureStartup(def, serverPin, opts.quick ? 3 : 5);
    }
  }

  // Live reload, also while the machine is quiet: save → reload start, and the event loop during a cold page load.
  const live = {};
  if (defs.some((d) => d.name === 'raw')) {
    const reason = prepared.get('raw');
    const common = { repoDir: REPO_DIR, workDir: WORK_DIR, ...serverPin };
    const failed = (error) => ({ na: String(error?.message ?? error).split('\n')[0] });
    // The browser (launched by this process, so on its core) may use both cores for the latency: it is the user's
    // browser, not a load generator, and on one shared core its own processes queue behind each other. For the
    // stall it stays off the server's core, so a stall measured is the server's own.
    const setAffinity = (cpus) => (taskset ? run(taskset, ['-a', '-p', '-c', cpus, String(process.pid)], { timeoutMs: 5000 }) : undefined);
    await setAffinity('0,1');
    live.reload = reason ? { na: reason }
      : await measureReloadLatency({ ...common, saves: opts.quick ? 5 : 20 }).catch(failed);
    await setAffinity('1');
    live.stall = await measureLoopStall({ ...common, fixturesRoot: fixtures.root, mixPaths: fixtures.mixPaths,
      runs: opts.quick ? 1 : 3 }).catch(failed);
    console.error(`[bench] live reload: ${live.reload.na ?? `p50 ${live.reload.p50Ms.toFixed(1)} ms`} · `
      + `stall: ${live.stall.na ?? `p99 ${live.stall.p99Ms.toFixed(1)} ms`}`);
  }

  const servers = [];
  for (const def of defs) {
    const reason = prepared.get(def.name);
    const h = reason ? { name: def.name, na: reason } : await startServer(def, { workDir: WORK_DIR, ...serverPin });
    console.error(`[bench] ${def.name}: ${h.na ? `n/a (${h.na})` : `pid ${h.pid} on port ${h.port}`}`);
    servers.push(h);
  }
  const running = servers.filter((s) => !s.na);
  // The ratios compare plain static serving: the CLI's live reload must be off (no client in the HTML answers).
  const raw = running.find((s) => s.name === 'raw');
  if (raw) {
    const html = await globalThis.fetch(raw.url('/index.html')).then((r) => r.text()).catch(() => '');
    opts.liveInMatrix = html.includes('__raw-http/live.js') ? 'ON: raw injected the live client, ratios are off'
      : 'off (checked: raw answers index.html without the live client)';
  }
  const dead = (s) => s.child.exitCode !== null || s.child.signalCode !== null;

  const idle = {};
  for (const s of servers) {
    idle[s.name] = s.na ? { na: s.na } : await measureIdle(s, opts.idleCount);
  }

  const rows = matrix(opts.quick).map((r) => ({ ...r, metric: r.metric ?? 'rps', cells: {} }));
  for (const row of rows) {
    for (const s of servers.filter((x) => row.who.includes(x.name))) {
      row.cells[s.name] = s.na ? { na: s.na, samples: [] } : { samples: [] };
    }
  }
  if (!opts.quick) {
    // One untimed second per server so the first measured repetition does not pay for JIT warm-up.
    for (const s of running) {
      await runLoad(gen, { url: s.url('/index.html'), connections: 16, durationS: 1, taskset, cpu: '1' })
        .catch(() => undefined);
    }
  }
  // Leave ~15 s after the last cell for stopping servers and writing the report.
  const deadline = t0 + (opts.budgetS - 15) * 1000;
  const total = rows.reduce((a, r) => a + Object.values(r.cells).filter((c) => !c.na).length, 0) * opts.reps;
  let done = 0;
  const eol = process.stderr.isTTY ? '\x1b[K\r' : '\n'; // one updating line on a terminal, plain lines in a log
  for (const row of rows) {
    for (let rep = 0; rep < opts.reps; rep++) {
      for (const s of running.filter((x) => row.cells[x.name] && !row.cells[x.name].na)) {
        const cell = row.cells[s.name];
        done++;
        if (dead(s)) {
          cell.na = 'server exited';
          continue;
        }
        if (performance.now() + (opts.durationS + 2) * 1000 > deadline) {
          if (cell.samples.length === 0) {
            cell.na = 'time budget';
          }
          continue;
        }
        process.stderr.write(`[bench] ${done}/${total} ${row.label} · ${s.name} · rep ${rep + 1}${eol}`);
        const rss = sampleRss(s.pid);
        try {
          const r = await runLoad(gen, { url: s.url(row.path ?? '/'), connections: row.connections,
            durationS: opts.durationS, close: row.close, mixPathsFile: row.mix ? fixtures.mixPathsFile : undefined,
            taskset, cpu: '1' });
          cell.samples.push({ ...r, rss: rss.stop() });
        } catch (error) {
          rss.stop();
          cell.na = error.message.slice(0, 120);
        }
        await sleep(200); // let closed connections drain before the next server's turn
      }
    }
  }
  if (process.stderr.isTTY) {
    process.stderr.write('\n');
  }
  const paired = await measurePairedLogging(gen, running, { ...opts, taskset, deadline });

  const meta = await machineMeta(opts, gen, taskset, servers);
  for (const s of running) {
    await stopServer(s);
  }
  // raw+log's log can reach hundreds of MB; it only had to be written, not kept.
  const logOut = servers.find((s) => s.name === 'raw+log')?.outFile;
  if (logOut) {
    rmSync(logOut, { force: true });
  }

  const results = { rows, idle, idleCount: opts.idleCount, startup, live, paired };
  const tables = buildTables(results);
  const header = meta.map(([k, v]) => `${k}: ${v}`).join('\n');
  console.log(renderText(tables, header));
  // Only a full, unfiltered run may replace the committed results the README quotes.
  const partial = opts.quick || opts.only;
  const mdFile = partial ? join(WORK_DIR, 'results-partial.md') : join(BENCH_DIR, 'results.md');
  writeFileSync(mdFile, renderMarkdown(tables, meta));
  console.log(`wrote ${mdFile} · total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

main().catch(async (error) => {
  console.error('[bench] failed:', error);
  process.exitCode = 1;
}).finally(() => stopAll());
