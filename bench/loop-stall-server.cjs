// Bench-only harness for the event-loop stall measurement: runs the core in this process (an esbuild bundle of
// src/core/devServer.ts made by bench/live.mjs), live reload on, with perf_hooks.monitorEventLoopDelay ticking
// every 1 ms. Prints {"port":N} once listening; then, on stdin, "start" resets and enables the histogram and
// "stop" prints {"p50Ms","p99Ms","maxMs","requests"}: the stall is each tick's lateness (interval − 1 ms).
'use strict';
const { monitorEventLoopDelay } = require('node:perf_hooks');
const readline = require('node:readline');

const [bundle, root] = process.argv.slice(2);
const { RawHttpServer } = require(bundle);
const RESOLUTION_MS = 1;

async function main() {
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  const server = new RawHttpServer({ root, port: 0, host: '127.0.0.1', liveReload: true });
  let requests = 0;
  server.on('request', () => { requests++; });
  const address = await server.listen();
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
  const stall = (ns) => Math.max(0, ns / 1e6 - RESOLUTION_MS);
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    if (line === 'start') {
      requests = 0;
      histogram.reset();
      histogram.enable();
      process.stdout.write('{"started":true}\n');
    } else if (line === 'stop') {
      histogram.disable();
      process.stdout.write(`${JSON.stringify({ p50Ms: stall(histogram.percentile(50)), p99Ms: stall(histogram.percentile(99)),
        maxMs: stall(histogram.max), ticks: histogram.count, requests })}\n`);
    }
  }).on('close', () => server.close().then(() => process.exit(0)));
}

main().catch((error) => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
