// Installs a Debian package the benchmark needs (wrk, nginx-light) when it is missing and we are root, so that
// `npm run bench` works on a fresh machine. `apt-get update` runs once per bench run, and only when needed.
import { existsSync } from 'node:fs';
import { run } from './procs.mjs';

let updated = false;

/** Ensures `binary` exists, installing `pkg` if possible. Returns undefined when present, else the reason it is not. */
export async function ensureDebianPackage(binary, pkg) {
  if (existsSync(binary)) {
    return undefined;
  }
  if (process.getuid?.() !== 0) {
    return `${binary} not installed (run: apt-get install ${pkg})`;
  }
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  console.error(`[bench] ${binary} not found; installing Debian package ${pkg}`);
  if (!updated) {
    await run('apt-get', ['update', '-qq'], { timeoutMs: 180_000, env });
    updated = true;
  }
  const result = await run('apt-get', ['install', '-y', '-qq', pkg], { timeoutMs: 300_000, env });
  return existsSync(binary) ? undefined : `${pkg} install failed (exit ${result.code})`;
}
