// Containment through the real CLI: dist/cli.js spawned on the traversal fixture with --port 0; a few spellings of
// "outside the root" are refused, the secret never leaves, and the CLI's request log shows each refusal's reason.

import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseResponses, rawExchange } from '../helpers/rawClient';
import { makeTraversalFixture, rawGet, SECRET } from './security-fixture';

const REPO = path.resolve(__dirname, '../../..');
const CLI = path.join(REPO, 'dist/cli.js');

const CASES: Array<{ target: string; status: number; logged: string }> = [
  { target: '/..%2fsecret.txt', status: 403, logged: '".." in path (outside root)' },
  { target: '/%2e%2e/www-secret/s.txt', status: 403, logged: '".." in path (outside root)' },
  { target: '/%5c..%5csecret.txt', status: 403, logged: 'backslash in path' },
  { target: 'http://127.0.0.1/../secret.txt', status: 403, logged: '".." in path (outside root)' },
  { target: '/%252e%252e/secret.txt', status: 404, logged: 'no such file' },
];
const SYMLINK_CASES = [
  { target: '/link-out.txt', status: 403, logged: 'symlink target outside root' },
  { target: '/dir-out/secret.txt', status: 403, logged: 'symlink target outside root' },
];

function startCli(root: string): Promise<{ child: ChildProcess; port: number; output: () => string }> {
  const child = spawn(process.execPath, [CLI, root, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr!.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`CLI did not start: ${stdout}${stderr}`)), 10_000);
    const onData = (): void => {
      const match = /Serving .* at http:\/\/127\.0\.0\.1:(\d+)\//.exec(stdout);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolve({ child, port: Number(match[1]), output: () => stdout });
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`CLI exited with ${code}: ${stderr}`));
    });
  });
}

describe('security: traversal through the CLI', function () {
  this.timeout(30_000);
  let fixture: ReturnType<typeof makeTraversalFixture>;
  let cli: Awaited<ReturnType<typeof startCli>> | undefined;

  before(async () => {
    if (!fs.existsSync(CLI)) {
      const built = spawnSync(process.execPath, ['esbuild.mjs'], { cwd: REPO, stdio: 'inherit' });
      assert.equal(built.status, 0, 'building dist/cli.js failed');
    }
    fixture = makeTraversalFixture();
    cli = await startCli(fixture.root);
  });

  after(async () => {
    if (cli && cli.child.exitCode === null) {
      const exited = new Promise((resolve) => cli!.child.once('exit', resolve));
      cli.child.kill('SIGTERM');
      await exited;
    }
    fixture?.cleanup();
  });

  it('refuses every spelling over HTTP/1.0 and 1.1, and logs each refusal with its reason', async () => {
    const cases = fixture.symlinks ? [...CASES, ...SYMLINK_CASES] : CASES;
    for (const version of ['1.0', '1.1'] as const) {
      for (const { target, status } of cases) {
        const { bytes } = await rawExchange(cli!.port, rawGet(target, version));
        assert.equal(bytes.indexOf(SECRET), -1, `secret leaked for ${target}`);
        assert.equal(parseResponses(bytes)[0].status, status, target);
      }
    }
    const ok = await rawExchange(cli!.port, rawGet('/ok.txt', '1.1'));
    assert.equal(parseResponses(ok.bytes)[0].body.toString(), 'ok\n');
    // The CLI batches its log (about 50 ms): wait, bounded, for the last request to appear.
    const deadline = Date.now() + 3000;
    while (!cli!.output().includes('GET /ok.txt HTTP/1.1') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const log = cli!.output();
    assert.ok(!log.includes(SECRET));
    for (const { target, status, logged } of cases) {
      const lines = log.split('\n');
      const index = lines.findIndex((line) => line.startsWith(`GET ${target} HTTP/1.1`));
      assert.ok(index > 0, `no raw request line for ${target} in the log`);
      assert.ok(lines[index - 1].includes(`→ ${status} `) && lines[index - 1].endsWith(logged),
        `summary line for ${target}: ${lines[index - 1]}`);
    }
  });
});
