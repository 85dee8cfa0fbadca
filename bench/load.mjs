// Load generation: finds a load generator (wrk; else apt-get install wrk when root; else autocannon installed
// into a temp folder), runs one bounded measurement pinned to the load core, and parses its output into
// { rps, bytesPerSec, p99Ms, requests, errors, non2xx }.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from './procs.mjs';
import { ensureDebianPackage } from './debian.mjs';

const BENCH_DIR = fileURLToPath(new URL('.', import.meta.url));
const WRK_PATHS = ['/usr/bin/wrk', '/usr/local/bin/wrk'];

const findWrk = () => WRK_PATHS.find((p) => existsSync(p));

/** Returns { kind: 'wrk', bin } | { kind: 'autocannon', moduleDir } | { kind: 'none', reason }. */
export async function findLoadGenerator(workDir, { prefer } = {}) {
  if (prefer !== 'autocannon') {
    let bin = findWrk();
    if (!bin) {
      await ensureDebianPackage(WRK_PATHS[0], 'wrk');
      bin = findWrk();
    }
    if (bin) {
      return { kind: 'wrk', bin };
    }
  }
  // Installed into bench/.work, never into the project's package.json.
  const dir = join(workDir, 'autocannon');
  const moduleDir = join(dir, 'node_modules');
  if (!existsSync(join(moduleDir, 'autocannon'))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'package.json'), '{ "name": "bench-autocannon", "private": true }\n');
    console.error('[bench] installing autocannon into', dir);
    const r = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', 'autocannon'],
      { cwd: dir, timeoutMs: 180_000 });
    if (r.code !== 0 || !existsSync(join(moduleDir, 'autocannon'))) {
      return { kind: 'none', reason: `no wrk and autocannon install failed: ${lastLine(r.stderr)}` };
    }
  }
  return { kind: 'autocannon', moduleDir };
}

const lastLine = (text) => String(text).trim().split('\n').filter(Boolean).pop() ?? '';

const TIME_UNITS = { us: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const SIZE_UNITS = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3, TB: 1024 ** 4 };

/** Parses wrk's text report (wrk prints binary KB/MB/GB; bytes include response heads). */
export function parseWrk(text) {
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m|h), ([\d.]+)([KMGT]?B) read/.exec(text);
  const p99 = /^\s*99(?:\.0+)?%\s+([\d.]+)(us|ms|s|m|h)\s*$/m.exec(text);
  if (!total) {
    throw new Error(`cannot parse wrk output: ${lastLine(text)}`);
  }
  const seconds = (Number(total[2]) * TIME_UNITS[total[3]]) / 1000;
  const bytes = Number(total[4]) * SIZE_UNITS[total[5]];
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(text);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(text);
  return {
    requests: Number(total[1]),
    rps: Number(total[1]) / seconds,
    bytesPerSec: bytes / seconds,
    p99Ms: p99 ? Number(p99[1]) * TIME_UNITS[p99[2]] : NaN,
    errors: sock ? sock.slice(1).reduce((a, b) => a + Number(b), 0) : 0,
    readErrors: sock ? Number(sock[2]) : 0,
    non2xx: non2xx ? Number(non2xx[1]) : 0,
  };
}

/**
 * One bounded measurement. opts: { url, connections, durationS, close, mixPathsFile, cpu }.
 * `cpu` (a string like '1') pins the generator with taskset when `taskset` is given.
 */
export async function runLoad(gen, { url, connections, durationS, close = false, mixPathsFile, cpu, taskset }) {
  const pin = taskset && cpu !== undefined ? [taskset, ['-c', cpu]] : undefined;
  // Generous hard timeout: the run itself is bounded by -d / duration; this only catches a hung generator.
  const timeoutMs = (durationS + 30) * 1000;
  let cmd;
  let args;
  if (gen.kind === 'wrk') {
    cmd = gen.bin;
    // One thread: the generator owns one core. --timeout 30s so a 100 MiB download is not counted as a timeout.
    args = ['-t1', `-c${connections}`, `-d${durationS}s`, '--timeout', '30s', '--latency'];
    if (close) {
      args.push('-H', 'Connection: close');
    }
    if (mixPathsFile) {
      args.push('-s', join(BENCH_DIR, 'mix.lua'), url, '--', mixPathsFile);
    } else {
      args.push(url);
    }
  } else if (gen.kind === 'autocannon') {
    cmd = process.execPath;
    args = [join(BENCH_DIR, 'autocannon-run.mjs'), gen.moduleDir,
      JSON.stringify({ url, connections, durationS, close, mixPathsFile })];
  } else {
    throw new Error(gen.reason);
  }
  if (pin) {
    args = [...pin[1], cmd, ...args];
    cmd = pin[0];
  }
  const r = await run(cmd, args, { timeoutMs });
  if (r.timedOut) {
    throw new Error('load generator timed out');
  }
  if (r.code !== 0) {
    throw new Error(`load generator exited ${r.code}: ${lastLine(r.stderr || r.stdout)}`);
  }
  if (gen.kind === 'wrk') {
    return parseWrk(r.stdout);
  }
  return JSON.parse(lastLine(r.stdout));
}
