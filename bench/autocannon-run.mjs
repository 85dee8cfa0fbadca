// Fallback load generator (used only when wrk is unavailable): runs autocannon, installed in a temp folder
// outside the project, with the bench's settings and prints one JSON line in the shape bench/load.mjs expects.
// Usage: node bench/autocannon-run.mjs <autocannon module dir> '<json options>'
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [moduleDir, json] = process.argv.slice(2);
const opts = JSON.parse(json);
const autocannon = createRequire(join(moduleDir, 'noop.js'))('autocannon');

const config = {
  url: opts.url,
  connections: opts.connections,
  duration: opts.durationS,
  timeout: 30,
  headers: opts.close ? { connection: 'close' } : {},
};
if (opts.mixPathsFile) {
  // autocannon cycles through `requests` on each connection, which gives the same round-robin as mix.lua.
  config.requests = readFileSync(opts.mixPathsFile, 'utf8').split('\n').filter(Boolean).map((path) => ({ path }));
}

autocannon(config, (error, result) => {
  if (error) {
    console.error(error.message);
    process.exit(1);
  }
  const seconds = result.duration || opts.durationS;
  console.log(JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.total / seconds,
    bytesPerSec: result.throughput.total / seconds,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  }));
});
