// The servers under test: how to prepare (build ours, write nginx.conf, install npm peers) and how to start
// each one pinned to the server core on a free loopback port, wait until it answers, and stop it by PID.
// A server that cannot be prepared or started is returned as { na: reason } and the run goes on.
import { createServer } from 'node:net';
import { existsSync, mkdirSync, openSync, closeSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { spawnTracked, stop, run } from './procs.mjs';
import { waitReady } from './probe.mjs';
import { ensurePeers } from './peers.mjs';
import { ensureDebianPackage } from './debian.mjs';

export const HOST = '127.0.0.1';
const NGINX = '/usr/sbin/nginx';

function tryListen(port) {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(0));
    s.listen(port, HOST, () => {
      const bound = s.address().port;
      s.close(() => resolve(bound));
    });
  });
}

/**
 * A free loopback port BELOW the kernel's ephemeral range, so no outgoing connection of the bench (thousands
 * per second with Connection: close) can take it before the server binds, and a probe can never self-connect.
 */
export async function freePort() {
  let low = 32768;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low;
  } catch { /* not Linux */ }
  const from = Math.max(1024, low - 12_000);
  for (let attempt = 0; attempt < 50 && low > 2048; attempt++) {
    const port = await tryListen(from + Math.floor(Math.random() * (low - from)));
    if (port) {
      return port;
    }
  }
  return tryListen(0);
}

/** Newest modification time under `dir` (bounded walk), to warn about benchmarking a stale build. */
function newestMtime(dir, depth = 0) {
  let newest = 0;
  try {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      newest = Math.max(newest, entry.isDirectory() && depth < 6 ? newestMtime(path, depth + 1) : statSync(path).mtimeMs);
    }
  } catch { /* unreadable: no warning */ }
  return newest;
}

function nginxConf(prefix, root, port) {
  // One worker, sendfile, no access log: nginx's usual static-serving setup. keepalive_requests is raised so
  // nginx, like the Node servers, keeps a connection for the whole run instead of closing it every 1,000.
  return `worker_processes 1;
pid ${join(prefix, 'nginx.pid')};
error_log ${join(prefix, 'error.log')} warn;
events { worker_connections 4096; }
http {
  types { text/html html; text/css css; text/javascript js; application/json json; image/svg+xml svg;
          text/plain txt; image/png png; font/woff2 woff2; }
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path ${join(prefix, 'tmp-body')};
  proxy_temp_path ${join(prefix, 'tmp-proxy')};
  fastcgi_temp_path ${join(prefix, 'tmp-fastcgi')};
  uwsgi_temp_path ${join(prefix, 'tmp-uwsgi')};
  scgi_temp_path ${join(prefix, 'tmp-scgi')};
  server {
    listen ${HOST}:${port};
    root ${root};
  }
}
`;
}

/**
 * Server definitions. Each: { name, group, prepare() → undefined | reason, command(port) → [cmd, args, env?] }.
 * group 'ours' | 'baseline' | 'peer' is used by the matrix to decide which rows each server runs.
 */
export function serverDefs({ repoDir, workDir, root, build }) {
  const node = process.execPath;
  const cli = join(repoDir, 'dist', 'cli.js');
  let built;
  const ensureBuilt = async () => {
    if (!built) {
      built = (async () => {
        if (existsSync(cli) && !build) {
          if (newestMtime(join(repoDir, 'src')) > statSync(cli).mtimeMs) {
            console.error('[bench] note: src/ is newer than dist/cli.js; pass --build to rebuild first');
          }
          return undefined;
        }
        console.error('[bench] building dist/cli.js (npm run build)');
        const r = await run('npm', ['run', 'build'], { cwd: repoDir, timeoutMs: 120_000 });
        if (r.code !== 0 || !existsSync(cli)) {
          return `build failed: ${(r.stderr || r.stdout).trim().split('\n').slice(-1)[0] ?? ''}`;
        }
        return undefined;
      })();
    }
    return built;
  };
  let peers;
  const peer = (pkg) => async () => {
    peers ??= ensurePeers(workDir);
    const p = (await peers)[pkg];
    return p.error;
  };
  const peerBin = async (pkg) => (await peers)[pkg].bin;

  return [
    { name: 'raw', group: 'ours', prepare: ensureBuilt,
      command: (port) => [node, [cli, root, '--port', String(port), '--quiet']] },
    { name: 'raw+log', group: 'ours', prepare: ensureBuilt,
      command: (port) => [node, [cli, root, '--port', String(port)]] },
    { name: 'node-http', group: 'baseline', prepare: async () => undefined,
      command: (port) => [node, [join(repoDir, 'bench', 'node-http-baseline.mjs'), root, '--port', String(port)]] },
    { name: 'nginx', group: 'baseline',
      prepare: () => ensureDebianPackage(NGINX, 'nginx-light'),
      command: (port) => {
        const prefix = join(workDir, 'nginx');
        mkdirSync(prefix, { recursive: true });
        const conf = join(prefix, 'nginx.conf');
        writeFileSync(conf, nginxConf(prefix, root, port));
        return [NGINX, ['-p', prefix + '/', '-e', join(prefix, 'error.log'), '-c', conf, '-g', 'daemon off;']];
      } },
      { name: 'http-server', group: 'peer', prepare: peer('http-server'),
        command: async (port) => [node, [await peerBin('http-server'), root, '-a', HOST, '-p', String(port), '-s']] },
      { name: 'serve', group: 'peer', prepare: peer('serve'),
        command: async (port) => {
          // serve's default cleanUrls answers /index.html with a 301; turn it off so it serves the same bytes.
          const config = join(workDir, 'serve.json');
          writeFileSync(config, '{ "cleanUrls": false }\n');
          return [node, [await peerBin('serve'), root, '-l', `tcp://${HOST}:${port}`, '--config', config,
            '--no-clipboard', '--no-request-logging', '--no-port-switching'],
          { NO_UPDATE_CHECK: '1' }]; // no phoning home to the npm registry from the server under test
        } },
      { name: 'sirv', group: 'peer', prepare: peer('sirv-cli'),
        command: async (port) => [node, [await peerBin('sirv-cli'), root, '--host', HOST, '--port', String(port), '--quiet']] },
  ];
}

const tail = (file) => {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-1)[0]?.slice(0, 160) ?? '';
  } catch {
    return '';
  }
};

/**
 * Starts one server: free port, spawn (pinned with taskset when given), stdout/stderr to files in
 * workDir/logs, wait for a 200. Returns { name, port, pid, child, url, startupMs } or { name, na }.
 */
export async function startServer(def, { workDir, taskset, cpu, timeoutMs = 10_000 }) {
  const port = await freePort();
  const [cmd, args, extraEnv] = await def.command(port);
  const logs = join(workDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const slug = def.name.replace(/[^a-z0-9-]/gi, '_');
  const outFile = join(logs, `${slug}.out`);
  const errFile = join(logs, `${slug}.err`);
  const out = openSync(outFile, 'w');
  const err = openSync(errFile, 'w');
  const [c, a] = taskset ? [taskset, ['-c', cpu, cmd, ...args]] : [cmd, args];
  const sinceMs = performance.now();
  const child = spawnTracked(c, a, { stdio: ['ignore', out, err], env: { ...process.env, ...extraEnv } });
  closeSync(out);
  closeSync(err);
  if (child.pid === undefined) {
    return { name: def.name, na: `cannot spawn ${cmd}` };
  }
  const ready = await waitReady(port, { child, sinceMs, timeoutMs });
  if (!ready.ok) {
    await stop(child);
    const why = tail(errFile) || tail(outFile);
    return { name: def.name, na: `${ready.reason}${why ? `: ${why}` : ''}` };
  }
  return { name: def.name, port, pid: child.pid, child, outFile, startupMs: ready.ms,
    url: (path) => `http://${HOST}:${port}${path}` };
}

export async function stopServer(handle) {
  if (handle?.child) {
    await stop(handle.child, 3000);
  }
}
