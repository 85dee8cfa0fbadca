// `npm run fuzz -- [--seconds 120] [--seed N] [--concurrency 16]`: the generator of test/fuzz/ run for longer
// against a real server on a throw-away fixture. Compiles to out/ first when the compiled runner is missing or
// older than its sources. Prints requests sent, a status histogram and every problem; exit code 1 on any problem.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const runnerPath = path.join(root, 'out/test/fuzz/runner.js');
const SOURCE_DIRS = ['src/core', 'test/fuzz', 'test/helpers'];

function parseArgs(argv) {
  const options = { seconds: 60, seed: Date.now() % 0x7fffffff, concurrency: 16, build: true };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    if (flag === '--seconds') {
      options.seconds = Number(value());
    } else if (flag === '--seed') {
      options.seed = Number(value());
    } else if (flag === '--concurrency') {
      options.concurrency = Number(value());
    } else if (flag === '--no-build') {
      options.build = false;
    } else {
      console.error(`fuzz: unknown option ${argv[i]} (use --seconds N, --seed N, --concurrency N, --no-build)`);
      process.exit(2);
    }
  }
  for (const key of ['seconds', 'seed', 'concurrency']) {
    if (!Number.isInteger(options[key]) || options[key] < 0) {
      console.error(`fuzz: --${key} must be a whole number`);
      process.exit(2);
    }
  }
  return options;
}

function newestSource() {
  let newest = 0;
  for (const dir of SOURCE_DIRS) {
    for (const name of readdirSync(path.join(root, dir))) {
      if (name.endsWith('.ts')) {
        newest = Math.max(newest, statSync(path.join(root, dir, name)).mtimeMs);
      }
    }
  }
  return newest;
}

function ensureBuilt(build) {
  if (build && (!existsSync(runnerPath) || statSync(runnerPath).mtimeMs < newestSource())) {
    console.log('fuzz: compiling with tsc -p . --outDir out …');
    const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
    const result = spawnSync(npx, ['tsc', '-p', '.', '--outDir', 'out'], { cwd: root, stdio: 'inherit' });
    if (result.status !== 0) {
      console.warn('fuzz: tsc reported errors (see above); running what it emitted');
    }
  }
  if (!existsSync(runnerPath)) {
    console.error(`fuzz: ${path.relative(root, runnerPath)} is missing; run npm run compile-tests`);
    process.exit(2);
  }
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  ensureBuilt(options.build);
  const { startFuzzTarget, runFuzz } = createRequire(import.meta.url)(runnerPath);
  console.log(`fuzz: seed ${options.seed}, ${options.seconds} s, ${options.concurrency} connections at a time`);
  const { target, close } = await startFuzzTarget();
  let lastProgress = Date.now();
  let summary;
  try {
    summary = await runFuzz({
      port: target.port, seed: options.seed, durationMs: options.seconds * 1000, concurrency: options.concurrency,
      afterBatch: () => {
        if (Date.now() - lastProgress >= 10_000) {
          lastProgress = Date.now();
          console.log(`fuzz: ${target.entries.length} requests logged, ${target.server.connectionCount} connections open`);
        }
        return target.notices.filter((notice) => notice.level === 'error').map((notice) => `error notice: ${notice.message}`);
      },
    });
  } finally {
    await close();
  }
  const histogram = Object.entries(summary.histogram).map(([status, count]) => `${status}: ${count}`).join(', ');
  console.log([
    `cases:         ${summary.cases} in ${(summary.elapsedMs / 1000).toFixed(1)} s`,
    `requests sent: ${summary.requests} (${summary.bytesSent} bytes)`,
    `responses:     ${summary.responses}`,
    `statuses:      ${histogram}`,
    `health checks: ${summary.healthChecks}`,
    `errors:        ${summary.problems.length}`,
  ].join('\n'));
  for (const problem of summary.problems.slice(0, 20)) {
    console.log(`  ${problem}`);
  }
  if (summary.problems.length > 0) {
    console.log(`fuzz: FAILED; replay with: npm run fuzz -- --seed ${options.seed} --seconds ${options.seconds}`);
  }
  process.exit(summary.problems.length > 0 ? 1 : 0);
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
