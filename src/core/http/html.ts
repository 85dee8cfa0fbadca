// Generated HTML: error pages and directory listings. Every name and message is escaped, and callers send
// these with HTML_CSP, so nothing a file name contains can run script. No template files: the core needs no assets.

import { reasonPhrase } from './statusCodes';

/** Strict policy for generated pages: no script, no external loads; inline style only. */
export const HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ESCAPES[character]);
}

const STYLE = 'body{font:14px/1.5 system-ui,sans-serif;margin:2em;color:#222}h1{font-size:1.3em}'
  + 'table{border-collapse:collapse}td,th{padding:2px 14px 2px 0;text-align:left}td.size{text-align:right}'
  + 'a{color:#0b57d0;text-decoration:none}a:hover{text-decoration:underline}code{background:#f2f2f2;padding:0 3px}'
  + 'footer{margin-top:2em;color:#777;font-size:12px}';

function page(title: string, body: string): string {
  return `<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>`
    + `<style>${STYLE}</style></head><body>${body}<footer>Raw HTTP Server</footer></body></html>\n`;
}

/** A small page for an error status; `detail` is plain text (escaped here). */
export function errorPage(status: number, detail: string): string {
  const title = `${status} ${reasonPhrase(status)}`;
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(detail)}</p>`);
}

export interface ListingEntry {
  name: string;
  isDirectory: boolean;
  size: number;
  mtimeMs: number;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

function formatDate(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 19);
}

/** Percent-encodes one path segment for an href, keeping it relative to the listed folder. */
function hrefFor(name: string, isDirectory: boolean): string {
  return encodeURIComponent(name) + (isDirectory ? '/' : '');
}

/** Listing of `urlPath` (decoded, ends with "/"): folders first, then files, each group by name. */
export function directoryListing(urlPath: string, entries: ListingEntry[], omitted = 0, atLeast = false): string {
  const sorted = [...entries].sort((a, b) => (a.isDirectory === b.isDirectory
    ? a.name.localeCompare(b.name) : a.isDirectory ? -1 : 1));
  const rows = sorted.map((entry) => {
    const label = escapeHtml(entry.name + (entry.isDirectory ? '/' : ''));
    const size = entry.isDirectory ? '—' : formatSize(entry.size);
    return `<tr><td><a href="${escapeHtml(hrefFor(entry.name, entry.isDirectory))}">${label}</a></td>`
      + `<td class="size">${size}</td><td>${formatDate(entry.mtimeMs)}</td></tr>`;
  });
  const up = urlPath === '/' ? '' : '<tr><td><a href="../">../</a></td><td></td><td></td></tr>';
  const title = `Index of ${urlPath}`;
  return page(title, `<h1>${escapeHtml(title)}</h1><table><thead><tr><th>Name</th><th>Size</th><th>Modified (UTC)</th>`
    + `</tr></thead><tbody>${up}${rows.join('')}</tbody></table>`
    + (omitted > 0 ? `<p>${atLeast ? 'More than ' : ''}${omitted} more entries not listed.</p>` : ''));
}
