// Shared fixture of the security tests: a served root next to a secret, a sibling folder sharing the root's name
// prefix and an outside folder, with symlinks that leave the root and symlinks that stay inside. Not a test file.

import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { makeTree } from '../helpers/tempTree';

export const SECRET = `TOP-SECRET-${crypto.randomBytes(8).toString('hex')}`;

/** base/{secret.txt, www-secret/s.txt, outside/secret.txt, www/…}; symlinks are skipped where unsupported. */
export function makeTraversalFixture(): { root: string; symlinks: boolean; cleanup(): void } {
  const tree = makeTree({
    'secret.txt': SECRET, 'www-secret/s.txt': SECRET, 'outside/secret.txt': SECRET,
    'www/index.html': '<h1>index</h1>\n', 'www/ok.txt': 'ok\n', 'www/.hidden': 'hidden\n', 'www/sub/page.txt': 'page\n',
    'www/%2e%2e/literal.txt': 'literal\n', 'www/list/a.txt': 'a\n', 'www/idx/': '',
  }, 'raw-http-traversal-');
  const links: Array<[string, string]> = [
    ['www/link-out.txt', '../secret.txt'], ['www/dir-out', '../outside'], ['www/alias.txt', 'ok.txt'],
    ['www/dot-alias.txt', '.hidden'], ['www/list/alias.txt', '../ok.txt'], ['www/list/link-out.txt', '../../secret.txt'],
    ['www/list/dir-out', '../../outside'], ['www/list/sibling', '../../www-secret'], ['www/idx/index.html', '../../secret.txt'],
  ];
  let symlinks = true;
  try {
    for (const [link, target] of links) {
      fs.symlinkSync(target, path.join(tree.dir, link));
    }
  } catch {
    symlinks = false; // Windows without the symlink privilege
  }
  return { root: path.join(tree.dir, 'www'), symlinks, cleanup: tree.cleanup };
}

export function rawGet(target: string, version: '1.0' | '1.1', host = '127.0.0.1'): string {
  return version === '1.1'
    ? `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`
    : `GET ${target} HTTP/1.0\r\nHost: ${host}\r\n\r\n`;
}
