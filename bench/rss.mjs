// Resident memory of a server while it is under load: reads VmRSS from /proc every ~100 ms for the server's
// PID and all its descendants (nginx serves from a worker child), and reports the peak and the growth over
// the baseline taken just before the load started.
import { readFileSync, readdirSync } from 'node:fs';

const KiB = 1024;

function vmRssBytes(pid) {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * KiB : 0;
  } catch {
    return 0; // process gone between listing and reading
  }
}

function childrenOf(pid) {
  const kids = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim();
      if (text) {
        kids.push(...text.split(/\s+/).map(Number));
      }
    }
  } catch { /* gone, or no children file */ }
  return kids;
}

/** RSS of `pid` plus its descendants, in bytes (0 if the process is gone or /proc is unavailable). */
export function treeRss(pid) {
  let total = 0;
  const queue = [pid];
  for (let guard = 0; queue.length > 0 && guard < 256; guard++) {
    const p = queue.shift();
    total += vmRssBytes(p);
    queue.push(...childrenOf(p));
  }
  return total;
}

/** Starts sampling; `stop()` returns { baseline, peak, growth } in bytes. */
export function sampleRss(pid, intervalMs = 100) {
  const baseline = treeRss(pid);
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, treeRss(pid));
  }, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      peak = Math.max(peak, treeRss(pid));
      return { baseline, peak, growth: Math.max(0, peak - baseline) };
    },
  };
}
