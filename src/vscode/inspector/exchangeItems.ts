// How one stored exchange looks in the "Raw HTTP Requests" view and in quick picks: a status icon coloured by class,
// "METHOD target", then status, duration and the why. Everything client-derived is escaped as in the log (a
// target cannot carry controls, bidi overrides or line breaks into the workbench) and cut to a readable length.
// Only src/vscode/** and src/extension.ts import vscode.
import * as vscode from 'vscode';
import { escapeLogText } from '../../core/log/escape';
import type { ExchangeRecord } from '../../core/events';
import type { StoredExchange } from './exchangeStore';

export const OPEN_EXCHANGE_COMMAND = 'rawHttpServer.openRequest';
/** contextValue of a view item; "…-partial" when the body or head was not kept whole (Replay is hidden then). */
export const ITEM_CONTEXT = 'rawHttpExchange';

const MAX_LABEL = 160;
const MAX_WHY = 200;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Quick picks and status bar texts render "$(name)" as an icon: a target or a why quoting one must not draw icons
 * there, so a zero-width joiner goes between "$" and "(". Tree items and documents show the text as it is.
 */
export function withoutIcons(text: string): string {
  return text.replace(/\$\(/g, '$\u2060(');
}

export function requestText(record: ExchangeRecord): string {
  if (record.method === undefined && record.target === undefined) {
    return '(unparsable request)';
  }
  return cut(`${escapeLogText(record.method ?? '?')} ${escapeLogText(record.target ?? '?')}`, MAX_LABEL);
}

export function durationText(ms: number): string {
  return ms < 10 ? `${ms.toFixed(1)} ms` : ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

export function statusText(record: ExchangeRecord): string {
  return record.status !== 0 ? String(record.status) : record.aborted ? 'no answer' : '…';
}

export function whyText(record: ExchangeRecord): string {
  const parts = [record.reason ?? '', ...(record.notes ?? [])].filter((part) => part !== '').map(escapeLogText);
  return cut(parts.join('; '), MAX_WHY);
}

/** "304 · 1.2 ms · If-None-Match W/"2d1-18f4e" matched" (in progress: "… · downloading"). */
export function itemDescription(record: ExchangeRecord): string {
  const pending = record.status === 0 && !record.aborted;
  const parts = [statusText(record), pending ? 'in progress' : durationText(record.durationMs)];
  const why = whyText(record);
  if (why) {
    parts.push(why);
  }
  if (record.aborted && record.status !== 0) {
    parts.push('incomplete');
  }
  return parts.join(' · ');
}

export function statusIcon(record: ExchangeRecord): vscode.ThemeIcon {
  const { status } = record;
  if (status === 0) {
    return record.aborted
      ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('problemsWarningIcon.foreground'))
      : new vscode.ThemeIcon('loading~spin');
  }
  if (status === 101) {
    return new vscode.ThemeIcon('plug', new vscode.ThemeColor('charts.blue'));
  }
  if (status >= 500) {
    return new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground'));
  }
  if (status >= 400) {
    return new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground'));
  }
  if (status >= 300) {
    return new vscode.ThemeIcon('arrow-circle-right', new vscode.ThemeColor('charts.blue'));
  }
  return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
}

/** Whether the recorded bytes are whole, so a replay sends exactly what arrived. */
export function isWhole(record: ExchangeRecord): boolean {
  // A kept body of the wire size is the wire body (no chunked framing); core/inspect's replayBytes decides finally.
  return record.rawHeadOmitted === 0 && (record.bodyPreview.length >= record.bodyBytes || record.body?.length === record.bodyBytes);
}

export function exchangeLabel(item: StoredExchange): string {
  return `c${item.record.connectionId}#${item.record.requestIndex}`;
}

export function treeItem(item: StoredExchange): vscode.TreeItem {
  const { record } = item;
  const tree = new vscode.TreeItem(requestText(record), vscode.TreeItemCollapsibleState.None);
  tree.id = String(item.id);
  tree.description = itemDescription(record);
  tree.iconPath = statusIcon(record);
  tree.contextValue = isWhole(record) ? ITEM_CONTEXT : `${ITEM_CONTEXT}-partial`;
  const tooltip = new vscode.MarkdownString();
  tooltip.appendCodeblock(`${requestText(record)}  → ${statusText(record)}\n${whyText(record) || 'no rule intervened'}\n`
    + `${record.client}  ${exchangeLabel(item)}${item.replayOf ? `  (replay of #${item.replayOf})` : ''}`, 'text');
  tree.tooltip = tooltip;
  tree.command = { command: OPEN_EXCHANGE_COMMAND, title: 'Open Request', arguments: [item.id] };
  tree.accessibilityInformation = { label: `${requestText(record)}, ${itemDescription(record)}` };
  return tree;
}
