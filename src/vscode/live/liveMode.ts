// The `rawHttpServer.liveReload` setting as a typed value. "onSave" (default) reloads pages when a file on disk
// changes; "onType" also serves unsaved editor buffers as you type; "off" serves every file byte-exact (no script
// injected, no /__raw-http/ channel). Only src/vscode/** and src/extension.ts import vscode.
export type LiveMode = 'onSave' | 'onType' | 'off';

export const DEFAULT_LIVE_MODE: LiveMode = 'onSave';
export const LIVE_MODES: readonly LiveMode[] = ['onSave', 'onType', 'off'];

/** One tooltip line: the mode and how many pages listen right now. */
export function livePagesLine(mode: LiveMode | undefined, pages: number | undefined): string | undefined {
  if (mode === undefined) {
    return undefined;
  }
  if (mode === 'off') {
    return 'Live reload off (files served byte-exact)';
  }
  const count = pages ?? 0;
  return `Live reload ${mode === 'onType' ? 'as you type' : 'on save'}: ${count} page${count === 1 ? '' : 's'} connected`;
}
