// Which URL shows a file: its path relative to the served root, percent-encoded segment by segment, resolved
// against the server's external base URL. Pure (no vscode, no fs), so unit tests cover it.
import * as path from 'node:path';
import { isInside } from '../../core/files/paths';

/** HTML by VS Code's language id or by extension (the same test as the menus' `when` clauses). */
export function isHtmlFile(fsPath: string, languageId?: string): boolean {
  return languageId === 'html' || /\.html?$/i.test(fsPath);
}

/**
 * The URL of `fsPath` under `baseUrl` (which ends in "/"), or undefined when the file is outside `root`.
 * The path is appended to the base rather than passed through asExternalUri: code-server's port proxy maps
 * http://127.0.0.1:P/any/path to ".../proxy/P/" and drops the path, so the external base is computed once (for
 * "/") and the file's path joined onto it, which is the same URL wherever asExternalUri keeps paths.
 * `roots` may hold the root's real path too, for a file opened through the real path of a symlinked root.
 */
export function pageUrl(baseUrl: string, roots: readonly string[], fsPath: string): string | undefined {
  const root = roots.find((candidate) => isInside(candidate, fsPath));
  if (root === undefined) {
    return undefined;
  }
  const segments = path.relative(root, fsPath).split(path.sep).filter((segment) => segment !== '');
  // "./" keeps a first segment such as "a:b.html" from reading as a URL scheme (RFC 3986 §4.2).
  return new URL(`./${segments.map(encodeURIComponent).join('/')}`, baseUrl).toString();
}
