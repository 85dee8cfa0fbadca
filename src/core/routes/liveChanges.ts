// What a batch of changed files means for the open pages: which pages swap stylesheets, which reload, and the
// one-line summary for the log. Plus the debounce that turns a burst of writes into one batch. No sockets here.

import { escapeLogText } from '../log/escape';

/** What the server knows about one open page. */
export interface PageUsage {
  /** Server-side path of the page ("/docs/", "/docs/a.html"); undefined until the page has reported. */
  page: string | undefined;
  /** Server-side paths of the resources the page loaded. */
  resources: ReadonlySet<string>;
}

export interface ChangePlan<P> {
  reload: P[];
  /** Pages that swap stylesheets in place, each with the changed stylesheet paths to swap. */
  swapCss: Array<{ peer: P; paths: string[] }>;
}

const INDEX_FILES = ['index.html', 'index.htm'];

function isCss(path: string): boolean {
  return path.toLowerCase().endsWith('.css');
}

/** Whether the page is the file `path` (a folder URL "/docs/" is its index file) or loaded it. */
function uses(usage: PageUsage, path: string): boolean {
  if (usage.resources.has(path)) {
    return true;
  }
  const page = usage.page;
  if (page === undefined) {
    return false;
  }
  return page === path || (page.endsWith('/') && INDEX_FILES.some((name) => page + name === path));
}

/**
 * CSS changes swap the stylesheet on the pages that use it; any other change reloads the pages that used the
 * file, or every page when none is known to (a file loaded by fetch, a page that has not reported yet). A
 * stylesheet no page is known to use is swapped on every page: the client then refreshes all its stylesheets
 * (an @import), which costs a refetch but never loses page state.
 */
export function planChanges<P>(paths: readonly string[], peers: ReadonlyMap<P, PageUsage>): ChangePlan<P> {
  const reload = new Set<P>();
  const cssPaths = paths.filter(isCss);
  for (const path of paths.filter((p) => !isCss(p))) {
    const users = [...peers].filter(([, usage]) => uses(usage, path)).map(([peer]) => peer);
    for (const peer of users.length > 0 ? users : peers.keys()) {
      reload.add(peer);
    }
  }
  const swapCss: ChangePlan<P>['swapCss'] = [];
  const cssKnown = cssPaths.filter((path) => [...peers.values()].some((usage) => uses(usage, path)));
  const cssUnknown = cssPaths.filter((path) => !cssKnown.includes(path));
  for (const [peer, usage] of peers) {
    if (reload.has(peer)) {
      continue;
    }
    const mine = cssKnown.filter((path) => uses(usage, path)).concat(cssUnknown);
    if (mine.length > 0) {
      swapCss.push({ peer, paths: mine });
    }
  }
  return { reload: [...reload], swapCss };
}

const pages = (count: number): string => `${count} page${count === 1 ? '' : 's'}`;

/** "style.css changed → 2 pages, CSS swapped", "index.html, a.js changed → 3 pages reloaded". */
export function summarize(paths: readonly string[], reloaded: number, cssSwapped: number): string {
  // Names come from the disk (anyone who can write a file names it): escaped like client text, so a file called
  // "a → 9 pages reloaded" cannot put our arrow, nor a line break or bidi control, into the notice.
  const names = paths.slice(0, 3).map((path) => escapeLogText(path.slice(path.lastIndexOf('/', path.length - 2) + 1) || path));
  const more = paths.length > 3 ? ` and ${paths.length - 3} more` : '';
  const subject = `${names.join(', ')}${more} changed`;
  if (reloaded === 0 && cssSwapped === 0) {
    return `${subject} → no pages open`;
  }
  const parts: string[] = [];
  if (reloaded > 0) {
    parts.push(`${pages(reloaded)} reloaded`);
  }
  if (cssSwapped > 0) {
    parts.push(reloaded > 0 ? `${pages(cssSwapped)} CSS swapped` : `${pages(cssSwapped)}, CSS swapped`);
  }
  return `${subject} → ${parts.join(', ')}`;
}

export interface DebounceTiming {
  /** Quiet time after the last change before the batch goes out. */
  quietMs: number;
  /** Longest a batch waits from its first change, so a tool that keeps writing still shows progress. */
  maxWaitMs: number;
}

/** A trailing debounce with a maximum wait, collecting the distinct paths of a burst. */
export class ChangeBatcher {
  private batch = new Set<string>();
  private quietTimer: NodeJS.Timeout | undefined;
  private firstAt = 0;

  constructor(private readonly timing: DebounceTiming, private readonly flush: (paths: string[]) => void) {}

  add(paths: readonly string[]): void {
    if (paths.length === 0) {
      return;
    }
    if (this.batch.size === 0) {
      this.firstAt = Date.now();
    }
    for (const path of paths) {
      this.batch.add(path);
    }
    clearTimeout(this.quietTimer);
    const wait = Math.min(this.timing.quietMs, Math.max(0, this.firstAt + this.timing.maxWaitMs - Date.now()));
    this.quietTimer = setTimeout(() => this.fire(), wait);
  }

  /** Drops what is pending (server stopping). */
  cancel(): void {
    clearTimeout(this.quietTimer);
    this.batch.clear();
  }

  private fire(): void {
    const paths = [...this.batch];
    this.batch.clear();
    this.flush(paths);
  }
}
