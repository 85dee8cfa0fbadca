// Settings that VS Code's configuration API cannot return. Its model nests dotted keys into one tree, so the array
// `rawHttpServer.capture` (the capture globs) hides every setting named under it: `rawHttpServer.capture.maxBodyBytes`,
// `.status` and `.body` come back undefined from getConfiguration() and inspect() alike — defaults included —
// though Settings UI and `update()` write them to settings.json as usual. They are read here from the settings
// files themselves (JSONC), asynchronously, in VS Code's precedence: the workspace's settings over the user's.
// Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import { parse as parseJsonc } from 'jsonc-parser';

const SECTION = 'rawHttpServer';

/**
 * Keys (after "rawHttpServer.") that getConfiguration() cannot be trusted with: the three under "capture" never
 * come back, and "capture" itself comes back as an object ({ status: 202 }) when a level above the one holding the
 * globs sets one of them (merging replaces the array by that object).
 */
export const SHADOWED_KEYS = ['capture', 'capture.maxBodyBytes', 'capture.status', 'capture.body'] as const;

export type ShadowedValues = Partial<Record<(typeof SHADOWED_KEYS)[number], unknown>>;

let userSettingsFiles: vscode.Uri[] = [];

/**
 * The user-level settings files, found from the extension's global storage (<data>/User/globalStorage/<id>): VS
 * Code has no API for them. <data>/User/settings.json, then <data>/Machine/settings.json, which a remote window
 * (Remote-SSH, WSL, containers) reads over the user's (there <data> is on the remote; the local user settings
 * cannot be reached from a workspace extension). Set once at activation.
 */
export function locateUserSettings(globalStorage: vscode.Uri): void {
  const data = vscode.Uri.joinPath(globalStorage, '..', '..', '..');
  userSettingsFiles = [vscode.Uri.joinPath(data, 'User', 'settings.json'), vscode.Uri.joinPath(data, 'Machine', 'settings.json')];
}

async function readObject(file: vscode.Uri | undefined): Promise<Record<string, unknown> | undefined> {
  if (!file) {
    return undefined;
  }
  try {
    const parsed: unknown = parseJsonc(Buffer.from(await vscode.workspace.fs.readFile(file)).toString('utf8'), [], { allowTrailingComma: true });
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? parsed as Record<string, unknown> : undefined;
  } catch {
    return undefined; // missing or unreadable: that level sets nothing
  }
}

/** The settings object of a .code-workspace file ({ "folders": …, "settings": { … } }). */
async function workspaceFileSettings(): Promise<Record<string, unknown> | undefined> {
  const file = vscode.workspace.workspaceFile;
  const parsed = file?.scheme === 'file' || file?.scheme === 'vscode-remote' ? await readObject(file) : undefined;
  const settings = parsed?.settings;
  return typeof settings === 'object' && settings !== null && !Array.isArray(settings) ? settings as Record<string, unknown> : undefined;
}

/**
 * The shadowed values as the files set them. A window-scoped setting comes from the user settings, then the
 * workspace: the .code-workspace file in a multi-root window, the folder's .vscode/settings.json otherwise (in a
 * multi-root window VS Code ignores window settings in folder files, and so does this).
 */
export async function readShadowedSettings(folder: vscode.Uri | undefined): Promise<ShadowedValues> {
  const multiRoot = vscode.workspace.workspaceFile !== undefined;
  const folderFile = folder && !multiRoot ? vscode.Uri.joinPath(folder, '.vscode', 'settings.json') : undefined;
  const levels = await Promise.all([...userSettingsFiles.map(readObject), multiRoot ? workspaceFileSettings() : readObject(folderFile)]);
  // Every key is present (undefined where no file sets it), so the reader knows it may not trust the API for it.
  const values: ShadowedValues = Object.fromEntries(SHADOWED_KEYS.map((key) => [key, undefined]));
  for (const level of levels) {
    for (const key of SHADOWED_KEYS) {
      const value = level?.[`${SECTION}.${key}`];
      if (value !== undefined) {
        values[key] = value;
      }
    }
  }
  return values;
}
