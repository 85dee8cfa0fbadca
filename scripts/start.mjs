// `npm start [-- DIR --port N …]`: serves with live reload; builds dist/cli.js if it is missing or older than src/, then runs it with the
// demo site as the default folder. npm runs scripts in the package folder, so the CLI runs in INIT_CWD (the folder
// npm was started from): a relative DIR means what the user typed (`cd demo && npm start -- files`). Signals reach
// the server directly (same process group), so Ctrl+C stops it.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const cli = path.join(root, 'dist', 'cli.js');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

if (!existsSync(cli) || statSync(cli).mtimeMs < newestMtime(path.join(root, 'src'))) {
  const build = spawnSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) {
    process.exit(build.status ?? 1);
  }
}

// The demo follows your edits: live reload is on unless the arguments say otherwise (--live is a switch).
const args = process.argv.slice(2);
const child = spawn(process.execPath, [cli, ...(args.includes('--live') ? [] : ['--live']), ...args], {
  stdio: 'inherit',
  cwd: process.env.INIT_CWD || process.cwd(),
  env: { ...process.env, RAW_HTTP_SERVER_DEFAULT_DIR: path.join(root, 'demo') },
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => child.kill(signal));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
