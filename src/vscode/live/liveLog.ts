// Routes the core's notices to the Output channel: a live-reload change ("live: style.css changed → 2 pages, CSS
// swapped") becomes one lifecycle line of its own level, "» [live] style.css changed → …"; every other notice is
// written as before. Only src/vscode/** and src/extension.ts import vscode.
import type { ServerNotice } from '../../core/events';
import type { RequestLog } from '../requestLog';

const LIVE_PREFIX = 'live: ';

export function writeNotice(log: RequestLog, notice: ServerNotice): void {
  if (notice.level === 'info' && notice.message.startsWith(LIVE_PREFIX)) {
    // Not rate-capped like refusals: the core batches changes (one notice per burst), and each is worth a line.
    log.line('live', notice.message.slice(LIVE_PREFIX.length));
  } else {
    log.notice(notice);
  }
}
