// Child-process bookkeeping for the bench: every process the bench spawns is registered here so that it is
// ended by its own PID when its job is done, when the bench exits, and on SIGINT/SIGTERM. Nothing is ever
// killed by name or by process group.
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/** pid → ChildProcess, for everything still running. */
const live = new Map();

/** Spawns `cmd args` and tracks it until it exits. Same options as child_process.spawn. */
export function spawnTracked(cmd, args, options = {}) {
  const child = spawn(cmd, args, options);
  if (child.pid === undefined) {
    // spawn failed (ENOENT arrives as an 'error' event on the next tick): keep it, so it is never unhandled.
    child.spawnError = new Promise((resolve) => child.once('error', resolve));
    return child;
  }
  live.set(child.pid, child);
  child.exited = new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child.pid);
      resolve({ code, signal });
    });
    child.once('error', () => {
      live.delete(child.pid);
      resolve({ code: null, signal: null });
    });
  });
  return child;
}

/** Ends one tracked child by PID: SIGTERM, then SIGKILL if it has not exited within `graceMs`. */
export async function stop(child, graceMs = 2000) {
  if (!child || child.pid === undefined || !live.has(child.pid)) {
    return;
  }
  try { process.kill(child.pid, 'SIGTERM'); } catch { /* already gone */ }
  const exited = await Promise.race([child.exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!exited) {
    try { process.kill(child.pid, 'SIGKILL'); } catch { /* already gone */ }
    await Promise.race([child.exited, sleep(1000)]);
  }
}

/**
 * Runs a command to completion with a hard timeout; resolves { code, stdout, stderr, timedOut }.
 * Output is capped so a chatty tool cannot exhaust memory.
 */
export async function run(cmd, args, { timeoutMs = 60_000, cwd, env } = {}) {
  const child = spawnTracked(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.pid === undefined) {
    const error = await child.spawnError;
    return { code: null, stdout: '', stderr: String(error.message), timedOut: false };
  }
  const cap = 4 * 1024 * 1024;
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => { if (stdout.length < cap) { stdout += d; } });
  child.stderr.on('data', (d) => { if (stderr.length < cap) { stderr += d; } });
  let timedOut = false;
  const timer = setTimeout(() => { timedOut = true; void stop(child); }, timeoutMs);
  const { code } = await child.exited;
  clearTimeout(timer);
  return { code, stdout, stderr, timedOut };
}

/** Synchronous last resort (process 'exit'): SIGKILL whatever is still registered. */
function killAllNow(signal) {
  for (const pid of live.keys()) {
    try { process.kill(pid, signal); } catch { /* already gone */ }
  }
}

/** Ends every tracked child (TERM, short grace, then KILL). */
export async function stopAll() {
  await Promise.all([...live.values()].map((child) => stop(child, 1500)));
}

let installed = false;
/** Installs the exit/SIGINT/SIGTERM handlers once; `onInterrupt` runs before children are stopped. */
export function installCleanupHandlers() {
  if (installed) {
    return;
  }
  installed = true;
  process.once('exit', () => killAllNow('SIGKILL'));
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      console.error(`\n[bench] ${signal}: stopping ${live.size} child process(es)…`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}
