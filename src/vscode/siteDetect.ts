// Whether a folder looks like a web site, which decides the activation hook's auto-start: a Python or Go project
// without HTML must not get a server on port 8000 it never asked for (its own `python3 -m http.server` would then
// fail with EADDRINUSE). Bounded: one findFiles call with maxResults 1 over the root and its first two levels.
// Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';

/** The served root itself and two levels of subfolders: enough for `index.html`, `public/`, `site/docs/`. */
const SITE_PATTERN = '{*.html,*.htm,*/*.html,*/*.htm,*/*/*.html,*/*/*.htm}';

/** `rootSetting` set means the user chose what to serve: that is a site whatever it holds. */
export async function looksLikeSite(folder: vscode.WorkspaceFolder, rootSetting: string): Promise<boolean> {
  if (rootSetting !== '') {
    return true;
  }
  // Packages in node_modules ship HTML of their own; that does not make the project a site.
  const found = await vscode.workspace.findFiles(new vscode.RelativePattern(folder, SITE_PATTERN), '**/node_modules/**', 1);
  return found.length > 0;
}
