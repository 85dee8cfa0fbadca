// Turns raw samples into the printed report and bench/results.md: medians per matrix cell, ratios of ours
// against each reference server measured in the same run (ratios, not absolutes, because the machine is
// shared and noisy), and the targets with whether each holds.
const MiB = 1024 * 1024;

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (s.length === 0) {
    return NaN;
  }
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** Median figures of one cell; peak RSS and growth take the worst repetition; spread is on `metric`. */
export function summarize(cell, metric = 'rps') {
  if (!cell || cell.na || cell.samples.length === 0) {
    return { na: cell?.na ?? 'not run' };
  }
  const s = cell.samples;
  const rps = median(s.map((x) => x.rps));
  const mbps = median(s.map((x) => x.bytesPerSec / MiB));
  const primary = s.map((x) => (metric === 'mbps' ? x.bytesPerSec : x.rps));
  const spread = primary.length > 1 ? (Math.max(...primary) - Math.min(...primary)) / median(primary) : NaN;
  return {
    rps, mbps, spread,
    p99: median(s.map((x) => x.p99Ms)),
    peakRss: Math.max(...s.map((x) => x.rss.peak)),
    growth: Math.max(...s.map((x) => x.rss.growth)),
    errors: s.reduce((a, x) => a + x.errors, 0),
    non2xx: s.reduce((a, x) => a + x.non2xx, 0),
  };
}

/** n/a reasons can be long stderr lines; the table keeps their start. */
const short = (text) => (String(text).length > 70 ? `${String(text).slice(0, 69)}…` : String(text));

const primaryOf = (row, sum) => (row.metric === 'mbps' ? sum.mbps : sum.rps);

const fmt = {
  num: (x, digits = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits,
    minimumFractionDigits: digits }) : '–'),
  ms: (x) => (!Number.isFinite(x) ? '–' : x < 1 ? `${(x * 1000).toFixed(0)} µs` : `${x.toFixed(x < 10 ? 2 : 1)} ms`),
  mib: (bytes) => (Number.isFinite(bytes) ? `${(bytes / MiB).toFixed(1)} MiB` : '–'),
  pct: (x) => (Number.isFinite(x) ? `±${((x * 100) / 2).toFixed(0)}%` : '–'),
  ratio: (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : 'n/a'),
};

/** ours-vs-peer pairs shown in the ratio table: [numerator, denominator]. */
const PAIRS = [['raw', 'node-http'], ['raw', 'nginx'], ['raw', 'http-server'], ['raw', 'serve'], ['raw', 'sirv'],
  ['raw+log', 'raw']];

/**
 * a/b on the row's primary metric. Repetitions are interleaved, so sample i of a and of b ran seconds apart:
 * the median of the per-repetition ratios cancels drift better than a ratio of medians.
 */
function ratios(results, rowId, a, b) {
  const row = results.rows.find((r) => r.id === rowId);
  const x = row?.cells[a];
  const y = row?.cells[b];
  if (!x || !y || x.na || y.na || x.samples.length === 0 || y.samples.length === 0) {
    return [];
  }
  const value = (s) => (row.metric === 'mbps' ? s.bytesPerSec : s.rps);
  if (x.samples.length === y.samples.length) {
    return x.samples.map((s, i) => value(s) / value(y.samples[i]));
  }
  return [primaryOf(row, summarize(x)) / primaryOf(row, summarize(y))];
}

const ratio = (results, rowId, a, b) => median(ratios(results, rowId, a, b));

/** "1.23× (1.10–1.31)": the median and the range of the per-repetition ratios, so noise is visible. */
function ratioWithRange(results, rowId, a, b) {
  const rs = ratios(results, rowId, a, b);
  const m = median(rs);
  if (!Number.isFinite(m) || rs.length < 2) {
    return fmt.ratio(m);
  }
  return `${fmt.ratio(m)} (${Math.min(...rs).toFixed(2)}–${Math.max(...rs).toFixed(2)})`;
}

/** The same target measured in pairs (run.mjs, measurePairedLogging): both servers under load at the same moment. */
function pairedLogging(paired) {
  const name = 'logging cost, paired (raw and raw+log loaded at once, sharing CPU 0): raw+log ≥ 0.9× raw';
  if (!paired || paired.na) {
    return { name, shown: 'n/a', verdict: 'n/a' };
  }
  const m = median(paired.samples);
  return { name, verdict: m >= 0.9 ? 'PASS' : 'FAIL',
    shown: `${fmt.ratio(m)} (${Math.min(...paired.samples).toFixed(2)}–${Math.max(...paired.samples).toFixed(2)}, ${paired.samples.length} rounds)` };
}

function targets(results) {
  const idle = results.idle.raw;
  const startup = results.startup.raw;
  const { reload, stall } = results.live ?? {};
  const big16 = results.rows.find((r) => r.id === 'big-16');
  const bigRaw = big16 ? summarize(big16.cells.raw, 'mbps') : { na: 'not run' };
  const check = (name, value, ok, shown) => ({ name, shown: Number.isFinite(value) ? shown(value) : 'n/a',
    verdict: Number.isFinite(value) ? (ok(value) ? 'PASS' : 'FAIL') : 'n/a' });
  const atLeast = (name, rowId, a, b, min) => check(`${name}: ${a} ≥ ${min}× ${b}`, ratio(results, rowId, a, b),
    (v) => v >= min, () => ratioWithRange(results, rowId, a, b));
  return [
    atLeast('index.html keep-alive 16', 'small-ka-16', 'raw', 'node-http', 1.5),
    atLeast('index.html keep-alive 16', 'small-ka-16', 'raw', 'http-server', 2),
    // Issue 9's targets: small keep-alive ≥ 0.9× nginx, 100 MiB (1 client) ≥ 1.0×, logging ≥ 0.9× of the quiet server.
    atLeast('index.html keep-alive 16', 'small-ka-16', 'raw', 'nginx', 0.9),
    atLeast('index.html Connection: close 16', 'small-close-16', 'raw', 'node-http', 1.3),
    atLeast('100 MiB, 1 client, MiB/s', 'big-1', 'raw', 'nginx', 1.0),
    atLeast('100 MiB, 16 clients, MiB/s', 'big-16', 'raw', 'nginx', 0.9),
    check('100 MiB, 16 clients: raw RSS growth < 50 MiB', bigRaw.na ? NaN : bigRaw.growth,
      (v) => v < 50 * MiB, fmt.mib),
    check('1,000 idle keep-alive conns: raw RSS < 150 MiB', idle && !idle.na ? idle.rss : NaN,
      (v) => v < 150 * MiB, fmt.mib),
    atLeast('logging cost, index.html keep-alive 16', 'small-ka-16', 'raw+log', 'raw', 0.9),
    pairedLogging(results.paired),
    check('live reload: save → reload start in Chromium, p50 ≤ 100 ms', reload && !reload.na ? reload.p50Ms : NaN,
      (v) => v <= 100, (v) => `p50 ${fmt.ms(v)}, p90 ${fmt.ms(reload.p90Ms)} (${reload.samplesMs.length} saves)`),
    check('event loop stall, 1,000-file page from a cold cache: p99 ≤ 5 ms', stall && !stall.na ? stall.p99Ms : NaN,
      (v) => v <= 5, (v) => `p99 ${fmt.ms(v)}, max ${fmt.ms(stall.maxMs)} (${stall.runs.length} runs)`),
    check('startup (spawn → first 200): raw < 150 ms', startup && !startup.na ? startup.medianMs : NaN,
      (v) => v < 150, (v) => `${v.toFixed(0)} ms`),
  ];
}

/** Builds the report as a list of titled tables: { title, head: [...], body: [[...]], note? }. */
export function buildTables(results) {
  const tables = [];
  const main = { title: 'Throughput (median of repetitions; RSS = worst repetition; spread = ±half the range)',
    head: ['scenario', 'server', 'req/s', 'MiB/s', 'p99', 'peak RSS', 'RSS growth', 'spread', 'notes'], body: [] };
  for (const row of results.rows) {
    for (const name of Object.keys(row.cells)) {
      const s = summarize(row.cells[name], row.metric);
      if (s.na) {
        main.body.push([row.label, name, 'n/a', '', '', '', '', '', short(s.na)]);
        continue;
      }
      const notes = [s.errors ? `${s.errors} socket errors` : '', s.non2xx ? `${s.non2xx} non-2xx` : '']
        .filter(Boolean).join(', ');
      main.body.push([row.label, name, fmt.num(s.rps), fmt.num(s.mbps, 1), fmt.ms(s.p99), fmt.mib(s.peakRss),
        fmt.mib(s.growth), fmt.pct(s.spread), notes]);
    }
  }
  tables.push(main);

  const present = PAIRS.filter(([a, b]) => results.rows.some((r) => r.cells[a] && r.cells[b]));
  tables.push({ title: 'Ratios (req/s, or MiB/s for the 100 MiB file; median of per-repetition ratios; >1 = first is faster)',
    head: ['scenario', ...present.map(([a, b]) => `${a} / ${b}`)],
    body: results.rows.map((row) => [row.label, ...present.map(([a, b]) =>
      (row.cells[a] && row.cells[b] ? fmt.ratio(ratio(results, row.id, a, b)) : ''))]) });

  tables.push({ title: `${results.idleCount.toLocaleString('en-US')} idle keep-alive connections (one request each, then idle)`,
    head: ['server', 'RSS with conns open', 'growth over idle server', 'answered', 'still open at sample'],
    body: Object.entries(results.idle).map(([name, r]) => (r.na ? [name, `n/a (${short(r.na)})`, '', '', '']
      : [name, fmt.mib(r.rss), fmt.mib(r.growth), String(r.answered), String(r.open)])) });

  tables.push({ title: 'Startup: spawn → first 200 response (median)',
    head: ['server', 'median', 'runs'],
    body: Object.entries(results.startup).map(([name, r]) => (r.na ? [name, `n/a (${short(r.na)})`, '']
      : [name, `${r.medianMs.toFixed(0)} ms`, r.samplesMs.map((x) => x.toFixed(0)).join(', ')])) });

  const live = results.live ?? {};
  const na = (r) => (r ? `n/a (${short(r.na)})` : 'not run');
  tables.push({ title: 'Live reload (headless Chromium; server pinned like the others)',
    head: ['measure', 'result', 'detail'],
    body: [
      ['save → reload start (write → navigation start of the reloaded page)',
        live.reload && !live.reload.na ? `p50 ${fmt.ms(live.reload.p50Ms)}, p90 ${fmt.ms(live.reload.p90Ms)}` : na(live.reload),
        live.reload && !live.reload.na ? live.reload.samplesMs.map((x) => x.toFixed(0)).join(', ') + ' ms' : ''],
      ['event loop stall in the server, 1,000-file page, cold cache (live reload on)',
        live.stall && !live.stall.na ? `p99 ${fmt.ms(live.stall.p99Ms)}, max ${fmt.ms(live.stall.maxMs)}` : na(live.stall),
        live.stall && !live.stall.na ? `${live.stall.runs.length} runs (new server process and browser context each), `
          + `≥ ${live.stall.requests} requests each; per-run p99 ${live.stall.runs.map((r) => fmt.ms(r.p99Ms)).join(', ')}` : ''],
    ] });

  tables.push({ title: 'Targets (ratios: median of repetitions, range in parentheses)',
    head: ['target', 'measured', 'holds'],
    body: targets(results).map((t) => [t.name, t.shown, t.verdict]) });
  return tables;
}

/** Fixed-width text rendering for the terminal. */
export function renderText(tables, header) {
  const out = [header, ''];
  for (const t of tables) {
    const widths = t.head.map((h, i) => Math.max(String(h).length, ...t.body.map((r) => String(r[i] ?? '').length)));
    const line = (cells) => cells.map((c, i) => String(c ?? '').padEnd(widths[i])).join('  ').trimEnd();
    out.push(`== ${t.title}`, line(t.head), widths.map((w) => '-'.repeat(w)).join('  '), ...t.body.map(line), '');
  }
  return out.join('\n');
}

/** GitHub-flavoured Markdown rendering for bench/results.md. */
export function renderMarkdown(tables, meta) {
  const esc = (c) => String(c ?? '').replace(/\|/g, '\\|');
  const out = ['# Benchmark results', '', 'Generated by `npm run bench` (bench/run.mjs). Compare ratios, not absolute numbers:',
    'every server was measured in the same run on the same shared machine, repetitions interleaved.', ''];
  for (const [k, v] of meta) {
    out.push(`- **${k}:** ${esc(v)}`);
  }
  out.push('');
  for (const t of tables) {
    out.push(`## ${t.title}`, '', `| ${t.head.map(esc).join(' | ')} |`, `|${t.head.map(() => '---').join('|')}|`,
      ...t.body.map((r) => `| ${r.map(esc).join(' | ')} |`), '');
  }
  return out.join('\n');
}
