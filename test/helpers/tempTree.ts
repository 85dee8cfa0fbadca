// Test helper: builds a throw-away folder tree under the OS temp dir from a { "path": contents } map; removed by
// the returned cleanup. Symlinks are made with { symlink: target }.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type TreeSpec = Record<string, string | Buffer | { symlink: string }>;

export function makeTree(spec: TreeSpec, prefix = 'raw-http-test-'): { dir: string; cleanup(): void } {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  for (const [relative, contents] of Object.entries(spec)) {
    const full = path.join(dir, relative);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    if (relative.endsWith('/')) {
      fs.mkdirSync(full, { recursive: true });
    } else if (typeof contents === 'object' && !Buffer.isBuffer(contents)) {
      fs.symlinkSync(contents.symlink, full);
    } else {
      fs.writeFileSync(full, contents);
    }
  }
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
