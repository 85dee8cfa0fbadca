// `npm test`: type check, lint, build, unit + CLI tests and the browser tests (mocha under plain Node), then the
// extension's integration tests in a real VS Code extension host. Every step runs even if an earlier one failed (except what depends on
// the build); the last line totals every suite as "N passed, M failed", which CI reads.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const scratch = mkdtempSync(path.join(tmpdir(), 'raw-http-tests-'));
const totals = { passed: 0, failed: 0, skipped: 0 };
const failedSteps = [];

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title}: ${[command, ...args].join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status === 0;
}

/** A check without its own test count (type check, lint, build) counts as one test. */
function check(title, command, args) {
  const ok = run(title, command, args);
  totals[ok ? 'passed' : 'failed']++;
  if (!ok) {
    failedSteps.push(title);
  }
  return ok;
}

/** A mocha-style suite: its counts come from the results file; a crash without one counts as one failure. */
function suite(title, command, args, extraEnv = {}) {
  const resultsFile = path.join(scratch, `${title.replace(/\W+/g, '-')}.json`);
  const ok = run(title, command, args, { RAW_HTTP_TEST_RESULTS: resultsFile, ...extraEnv });
  if (existsSync(resultsFile)) {
    const counts = JSON.parse(readFileSync(resultsFile, 'utf8'));
    totals.passed += counts.passed;
    totals.failed += counts.failed;
    totals.skipped += counts.skipped ?? 0;
    if (counts.failed > 0 || !ok) {
      failedSteps.push(title);
      if (counts.failed === 0) {
        totals.failed++;
      }
    }
  } else {
    totals.failed++;
    failedSteps.push(`${title} (no results: the runner crashed or never started)`);
  }
}

/**
 * The extension tests need a VS Code build. test-electron downloads one unless VSCODE_EXECUTABLE_PATH is set; on
 * machines without that download but with the offline host beside the checkout, install it (idempotent, ~0.2 s
 * when warm) and use it, so a plain `npm test` works there too.
 */
function useOfflineVsCodeHostIfPresent() {
  const installer = path.join(root, '..', 'shared', 'vscode-offline', 'install.sh');
  if (process.env.VSCODE_EXECUTABLE_PATH || !existsSync(installer)) {
    return;
  }
  const result = spawnSync('bash', [installer], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const shim = result.stdout.trim().split('\n').pop();
  if (result.status === 0 && shim) {
    process.env.VSCODE_EXECUTABLE_PATH = shim;
    console.log(`\n(using the offline VS Code host: ${shim})`);
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
check('type check', npx, ['tsc', '--noEmit', '-p', '.']);
check('lint', npx, ['eslint', '.']);
const built = check('build', process.execPath, ['esbuild.mjs']) && check('compile tests', npx, ['tsc', '-p', '.', '--outDir', 'out']);
if (built) {
  suite('unit and CLI tests', npx, ['mocha', '--config', 'test/.mocharc.json']);
  // Live reload in headless Chromium (Debian's /usr/bin/chromium): skipped without it, failed without it in CI.
  suite('browser tests', npx, ['mocha', '--config', 'test/browser/.mocharc.json']);
  if (existsSync(path.join(root, 'out/test/integration/runTest.js'))) {
    useOfflineVsCodeHostIfPresent();
    suite('extension tests (VS Code host)', process.execPath, ['out/test/integration/runTest.js']);
  }
}
rmSync(scratch, { recursive: true, force: true });
if (failedSteps.length > 0) {
  console.log(`\nFailed: ${failedSteps.join('; ')}`);
}
console.log(`\n${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 ? 1 : 0);
