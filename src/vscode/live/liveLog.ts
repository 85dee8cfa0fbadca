// Routes the core's notices to the Output channel: a live-reload change (topic 'live': "style.css changed → 2 pages,
// CSS swapped") becomes one lifecycle line of its own level, "» [live] style.css changed → …"; every other notice is
// written as before. Only src/vscode/** and src/extension.ts import vscode.
import type { ServerNotice } from '../../core/events';
import type { RequestLog } from '../requestLog';

export function writeNotice(log: RequestLog, notice: ServerNotice): void {
  if (notice.topic === 'live') {
    // Not rate-capped like refusals: the core batches changes (one notice per burst), and each is worth a line.
    log.line('live', notice.message);
  } else {
    log.notice(notice);
  }
}
