// The packaged listing, as a user of the .vsix sees it (`node out/test/integration/runListing.js`, after
// `npm run package`; offline host only): installs the newest raw-http-server-*.vsix into a temp extensions dir,
// opens a window whose development extension is an empty probe (so the installed copy, not the repo, is shown),
// and runs suite "listing": the extension's details page and the Settings UI, checked and screenshotted through
// the UI bridge into $RAW_HTTP_LISTING_SHOTS (default: a temp dir, printed).
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';

const repo = path.resolve(__dirname, '../../..');

async function main(): Promise<number> {
  const shim = process.env.VSCODE_EXECUTABLE_PATH;
  if (!shim) {
    throw new Error('VSCODE_EXECUTABLE_PATH must point at the offline host (see ../shared/vscode-offline/README.md)');
  }
  const vsix = fs.readdirSync(repo).filter((name) => /^raw-http-server-.*\.vsix$/.test(name)).sort().at(-1);
  if (!vsix) {
    throw new Error('no raw-http-server-*.vsix in the repository: run `npm run package` first');
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'raw-http-listing-'));
  const extensionsDir = path.join(tmp, 'extensions');
  const serverMain = path.join(path.dirname(shim), 'node_modules/code-server/lib/vscode/out/server-main.js');
  execFileSync(process.execPath, [serverMain, '--install-extension', path.join(repo, vsix), '--extensions-dir', extensionsDir], { stdio: 'inherit' });
  const probe = path.join(tmp, 'probe');
  fs.mkdirSync(probe);
  fs.writeFileSync(path.join(probe, 'package.json'), JSON.stringify({
    name: 'listing-probe', publisher: 'test', version: '0.0.0', engines: { vscode: '^1.100.0' },
  }));
  const shots = process.env.RAW_HTTP_LISTING_SHOTS || path.join(tmp, 'shots');
  fs.mkdirSync(shots, { recursive: true });
  const results = path.join(tmp, 'results.json');
  try {
    await runTests({
      vscodeExecutablePath: shim,
      extensionDevelopmentPath: probe,
      extensionTestsPath: path.join(__dirname, 'index'),
      launchArgs: [`--extensions-dir=${extensionsDir}`],
      extensionTestsEnv: { RAW_HTTP_SUITE: 'listing', RAW_HTTP_TEST_RESULTS: results, RAW_HTTP_LISTING_SHOTS: shots },
    });
  } catch (error) {
    console.error(`[listing] failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  console.log(`[listing] screenshots in ${shots}`);
  const counts = fs.existsSync(results) ? JSON.parse(fs.readFileSync(results, 'utf8')) as { passed: number; failed: number } : { passed: 0, failed: 1 };
  console.log(`[listing] ${counts.passed} passed, ${counts.failed} failed`);
  return counts.failed > 0 || counts.passed === 0 ? 1 : 0;
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error('Failed to check the listing:', error);
  process.exit(1);
});
