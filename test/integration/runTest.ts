// Integration entry (`node out/test/integration/runTest.js`, after `npm run build`): runs the mocha suites inside a
// real VS Code extension host four times (a folder, a folder without HTML, a multi-root workspace, no folder), each on a temp copy of its
// fixture with a free port chosen here, then writes the summed counts to $RAW_HTTP_TEST_RESULTS.
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const repo = path.resolve(__dirname, '../../..');
const fixtures = path.join(repo, 'test', 'fixtures');

interface Counts { passed: number; failed: number; skipped: number }
interface Run { suite: 'folder' | 'nosite' | 'multi' | 'empty'; workspace?: string }

/** Single-folder suites and the fixture each one opens. */
const FOLDER_FIXTURES = { folder: 'workspace', nosite: 'workspace-nosite' } as const;

/** A port free right now (listen on 0, read it, close): fixed for the run, never a hard-coded 8000. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function prepare(tmp: string, suite: Run['suite'], port: number): Run {
  // Auto save off, pinned: the live-reload tests tell unsaved buffers from saved files.
  const settings = { 'rawHttpServer.port': port, 'files.autoSave': 'off' };
  if (suite === 'folder' || suite === 'nosite') {
    const dir = path.join(tmp, FOLDER_FIXTURES[suite]);
    fs.cpSync(path.join(fixtures, FOLDER_FIXTURES[suite]), dir, { recursive: true });
    fs.mkdirSync(path.join(dir, '.vscode'));
    fs.writeFileSync(path.join(dir, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
    return { suite, workspace: dir };
  }
  if (suite === 'multi') {
    const dir = path.join(tmp, 'multi');
    fs.cpSync(path.join(fixtures, 'workspace-multi'), dir, { recursive: true });
    const file = path.join(dir, 'multi.code-workspace');
    fs.writeFileSync(file, JSON.stringify({ folders: [{ path: 'alpha' }, { path: 'beta' }], settings }, null, 2));
    return { suite, workspace: file };
  }
  return { suite };
}

async function runOne(run: Run, port: number, tmp: string): Promise<Counts> {
  const resultsFile = path.join(tmp, `results-${run.suite}.json`);
  console.log(`\n[integration] suite "${run.suite}" on port ${port}${run.workspace ? ` in ${run.workspace}` : ' (no folder)'}`);
  try {
    await runTests({
      vscodeExecutablePath: process.env.VSCODE_EXECUTABLE_PATH || undefined,
      extensionDevelopmentPath: repo,
      extensionTestsPath: path.join(__dirname, 'index'),
      launchArgs: [...(run.workspace ? [run.workspace] : []), '--disable-extensions'],
      extensionTestsEnv: {
        RAW_HTTP_SUITE: run.suite,
        RAW_HTTP_TEST_PORT: String(port),
        RAW_HTTP_TEST_RESULTS: resultsFile,
        RAW_HTTP_SCREENSHOTS: process.env.RAW_HTTP_SCREENSHOTS ?? '',
        RAW_HTTP_FILES: process.env.RAW_HTTP_FILES ?? '',
      },
    });
  } catch (error) {
    console.error(`[integration] suite "${run.suite}" failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as Counts;
  } catch {
    console.error(`[integration] suite "${run.suite}" reported no results (the host did not run the tests)`);
    return { passed: 0, failed: 1, skipped: 0 };
  }
}

async function main(): Promise<number> {
  // Bound each host run; the shim's own default is 10 minutes.
  process.env.VSCODE_OFFLINE_TIMEOUT_MS ??= '300000';
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'raw-http-it-'));
  const total: Counts = { passed: 0, failed: 0, skipped: 0 };
  try {
    const only = process.env.RAW_HTTP_SUITES?.split(',').filter(Boolean);
    for (const suite of (['folder', 'nosite', 'multi', 'empty'] as const).filter((name) => !only || only.includes(name))) {
      const port = await freePort();
      const counts = await runOne(prepare(tmp, suite, port), port, tmp);
      total.passed += counts.passed;
      total.failed += counts.failed;
      total.skipped += counts.skipped ?? 0;
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  console.log(`\n[integration] ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  if (process.env.RAW_HTTP_TEST_RESULTS) {
    fs.writeFileSync(process.env.RAW_HTTP_TEST_RESULTS, JSON.stringify(total));
  }
  return total.failed > 0 || total.passed === 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error('Failed to run integration tests:', error);
  process.exit(1);
});
