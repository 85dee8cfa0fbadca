// What the status bar item says for each state: its text, its Markdown tooltip (URLs, what is served, warnings,
// then one link per action) and its colour. Pure apart from building the MarkdownString; statusBar.ts applies it.
// Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import { COMMANDS, INSPECTOR_COMMAND, PREVIEW_COMMAND } from './commands';
import { livePagesLine } from './live/liveMode';
import type { ServerState } from './state';

/** One icon for the item in every state, distinct from the Ports view's radio tower. */
export const SERVER_ICON = '$(server)';

export interface ItemLook {
  text: string;
  /** First tooltip line as plain text: the item's accessible label. */
  summary: string;
  tooltip: vscode.MarkdownString;
  background?: string;
}

interface Action { icon: string; title: string; command: string }

/** Commands the tooltip may run: a trusted MarkdownString is limited to these (no other command: links work). */
export function tooltipCommands(): string[] {
  const commands: string[] = [COMMANDS.openInBrowser, COMMANDS.copyUrl, COMMANDS.showRequestLog, INSPECTOR_COMMAND, COMMANDS.start, COMMANDS.stop];
  return [...commands, PREVIEW_COMMAND];
}

export function describeItem(state: ServerState): ItemLook {
  const md = new vscode.MarkdownString('', true);
  md.isTrusted = { enabledCommands: tooltipCommands() };
  const para = (markdown: string): void => { md.appendMarkdown(`${markdown}\n\n`); };
  const text = escapeMarkdown;
  switch (state.phase) {
    case 'running': {
      const shown = state.externalUrl ?? state.url ?? '';
      const summary = `Raw HTTP Server on ${shown}`;
      para(`**Raw HTTP Server** on [${text(shown)}](${shown})`);
      if (state.externalUrl && state.externalUrl !== state.url) {
        para(`Local address ${text(state.url ?? '')}`);
      }
      if (state.networkUrls?.length) {
        para(`On your network (phones, other machines): ${state.networkUrls.map((url) => `[${text(url)}](${url})`).join(', ')}`);
      }
      if (state.root) {
        para(`Serving ${text(state.root)}`);
      }
      const live = livePagesLine(state.live, state.livePages);
      if (live) {
        para(live);
      }
      if (state.fellBack) {
        para(`$(warning) Port ${state.requestedPort} was busy, so ${state.port} is used (the setting is unchanged).`);
      }
      if (state.exposed) {
        para(`$(warning) Bound to ${text(state.host ?? '')}, so the folder is reachable from the network.`);
      }
      const preview: Action[] = [{ icon: 'preview', title: 'Preview', command: PREVIEW_COMMAND }];
      md.appendMarkdown(links([
        { icon: 'globe', title: 'Open in Browser', command: COMMANDS.openInBrowser },
        ...preview,
        { icon: 'copy', title: 'Copy URL', command: COMMANDS.copyUrl },
        { icon: 'output', title: 'Show Requests', command: COMMANDS.showRequestLog },
        { icon: 'list-flat', title: 'Inspect', command: INSPECTOR_COMMAND },
        { icon: 'debug-stop', title: 'Stop', command: COMMANDS.stop },
      ]));
      return { text: `${SERVER_ICON} ${state.port}`, summary, tooltip: md, background: state.exposed ? 'statusBarItem.warningBackground' : undefined };
    }
    case 'starting':
      para('Raw HTTP Server is starting…');
      return { text: '$(loading~spin) Raw HTTP', summary: 'Raw HTTP Server is starting…', tooltip: md };
    case 'stopping':
      para('Raw HTTP Server is stopping…');
      return { text: `$(loading~spin) ${state.port ?? 'Raw HTTP'}`, summary: 'Raw HTTP Server is stopping…', tooltip: md };
    case 'error': {
      const summary = `Raw HTTP Server failed to start: ${state.error ?? 'unknown error'}`;
      para(`$(error) ${text(summary)}`);
      md.appendMarkdown(links([
        { icon: 'play', title: 'Start', command: COMMANDS.start },
        { icon: 'output', title: 'Show Log', command: COMMANDS.showRequestLog },
      ]));
      return { text: `${SERVER_ICON} Raw HTTP $(error)`, summary, tooltip: md, background: 'statusBarItem.errorBackground' };
    }
    case 'off':
      para('Raw HTTP Server is stopped. Click the item to serve this folder.');
      md.appendMarkdown(links([
        { icon: 'play', title: 'Start', command: COMMANDS.start },
        { icon: 'output', title: 'Show Requests', command: COMMANDS.showRequestLog },
      ]));
      return { text: `${SERVER_ICON} Raw HTTP`, summary: 'Raw HTTP Server is stopped', tooltip: md };
  }
}

/**
 * Plain text inside a Markdown paragraph: a folder name or an error message must not become a link, code, HTML or
 * emphasis. Our paragraphs start with fixed words, so the line-start syntax (#, -, 1.) needs no escaping.
 */
function escapeMarkdown(plain: string): string {
  return plain.replace(/[\\`*_[\]<>~|]/g, '\\$&');
}

function links(actions: Action[]): string {
  return actions.map(({ icon, title, command }) => `[$(${icon}) ${title}](command:${command} "${title}")`).join(' · ');
}
