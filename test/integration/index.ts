// Mocha runner that VS Code calls inside the extension host (extensionTestsPath). Loads the suite chosen by
// runTest.ts ($RAW_HTTP_SUITE: files named `<suite>.*.test.js` in this folder) and writes its pass/fail counts to
// $RAW_HTTP_TEST_RESULTS. mocha 11 is CommonJS (mocha 12 is ESM-only and would break this `new Mocha()`).
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

export function run(): Promise<void> {
  const suite = process.env.RAW_HTTP_SUITE ?? 'folder';
  const mocha = new Mocha({ ui: 'bdd', color: true, timeout: 20_000, slow: 2_000 });
  // $RAW_HTTP_FILES (comma-separated parts of file names) narrows a suite while developing; CI runs every file.
  const only = process.env.RAW_HTTP_FILES?.split(',').filter(Boolean);
  const files = fs.readdirSync(__dirname).filter((name) => name.startsWith(`${suite}.`) && name.endsWith('.test.js'))
    .filter((name) => !only?.length || only.some((part) => name.includes(part))).sort();
  for (const name of files) {
    mocha.addFile(path.join(__dirname, name));
  }
  return new Promise((resolve, reject) => {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const runner = mocha.run((failures) => {
      if (process.env.RAW_HTTP_TEST_RESULTS) {
        fs.writeFileSync(process.env.RAW_HTTP_TEST_RESULTS, JSON.stringify(counts));
      }
      if (failures > 0 || files.length === 0) {
        reject(new Error(files.length === 0 ? `no test files for suite "${suite}"` : `${failures} test(s) failed`));
      } else {
        resolve();
      }
    });
    runner.on('pass', () => counts.passed++);
    runner.on('fail', () => counts.failed++);
    runner.on('pending', () => counts.skipped++);
  });
}
