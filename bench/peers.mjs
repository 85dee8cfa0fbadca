// Installs the npm peer servers (http-server, serve, sirv-cli) into bench/.work/peers, a throwaway folder with
// its own package.json, so they never enter the project's dependencies. Resolves each peer's bin script.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { run } from './procs.mjs';

export const PEER_PACKAGES = ['http-server', 'serve', 'sirv-cli'];

function binOf(modulesDir, pkg) {
  const pkgDir = join(modulesDir, pkg);
  try {
    const manifest = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
    const bin = typeof manifest.bin === 'string' ? manifest.bin : Object.values(manifest.bin ?? {})[0];
    return bin ? { bin: join(pkgDir, bin), version: manifest.version } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Ensures the peers are installed; returns { [pkg]: { bin, version } | { error } }.
 * One npm install for all three (bounded to 3 minutes); an already complete folder is reused offline.
 */
export async function ensurePeers(workDir) {
  const dir = join(workDir, 'peers');
  const modulesDir = join(dir, 'node_modules');
  const found = () => Object.fromEntries(PEER_PACKAGES.map((p) => [p, binOf(modulesDir, p)]));
  let peers = found();
  if (Object.values(peers).some((p) => !p)) {
    mkdirSync(dir, { recursive: true });
    if (!existsSync(join(dir, 'package.json'))) {
      writeFileSync(join(dir, 'package.json'), '{ "name": "bench-peers", "private": true }\n');
    }
    console.error(`[bench] installing ${PEER_PACKAGES.join(', ')} into ${dir}`);
    const r = await run('npm', ['install', '--no-save', '--no-audit', '--no-fund', '--no-package-lock', ...PEER_PACKAGES],
      { cwd: dir, timeoutMs: 180_000 });
    peers = found();
    if (r.code !== 0 || r.timedOut) {
      const why = r.timedOut ? 'npm install timed out' : `npm install failed: ${lastErr(r.stderr)}`;
      return Object.fromEntries(PEER_PACKAGES.map((p) => [p, peers[p] ?? { error: why }]));
    }
  }
  return Object.fromEntries(PEER_PACKAGES.map((p) => [p, peers[p] ?? { error: 'not installed' }]));
}

const lastErr = (text) => String(text).split('\n').filter((l) => /err/i.test(l)).slice(-1)[0]?.trim() ?? 'unknown';
