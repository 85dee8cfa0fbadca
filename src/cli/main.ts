// Headless entry point: `node dist/cli.js [DIR] [options]` (see usage.ts). Starts the same core the extension uses,
// prints "Serving DIR at URL" (plus the network URLs of a non-loopback bind), then every raw request;
// SIGINT/SIGTERM close every connection and exit 0. Bad arguments, a missing folder or an unusable port: one line
// on stderr and exit code 2. Everything printed that may quote a client (requests, notices) is escaped.

import * as path from 'node:path';
import { RawHttpServer } from '../core';
import { escapeLogText, sanitizeLogLine } from '../core/log/escape';
import { parseCliArgs, USAGE } from './args';
import { openBrowser } from './openBrowser';
import { HarRecorder } from './harRecorder';
import { LogOutput } from './output';
import { startBanner } from './startBanner';

declare const __VERSION__: string | undefined;

function fail(message: string): never {
  process.stderr.write(`raw-http-server: ${escapeLogText(message)}\n`);
  process.exit(2);
}

function warn(level: string, message: string): void {
  process.stderr.write(`raw-http-server: ${level}: ${escapeLogText(message)}\n`);
}

function describeListenError(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE': return `port ${port} is already in use on ${host} (try --port 0 for any free port)`;
    case 'EACCES': return `not permitted to listen on ${host}:${port} (ports below 1024 need privileges)`;
    case 'EADDRNOTAVAIL': return `cannot bind ${host}: no such address on this machine`;
    case 'ENOTFOUND': case 'EAI_AGAIN': return `cannot resolve host ${host}`;
    default: return error.message;
  }
}

/** The HAR file on the way out; a failure to write it is said on stderr, and the exit stays clean. */
function writeHar(har: HarRecorder | undefined): void {
  try {
    har?.write();
  } catch (error) {
    warn('error', `could not write the HAR file: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function main(): Promise<void> {
  const defaultDir = process.env.RAW_HTTP_SERVER_DEFAULT_DIR || '.';
  const parsed = parseCliArgs(process.argv.slice(2), defaultDir);
  if (!parsed.ok) {
    fail(parsed.message);
  }
  const options = parsed.options;
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (options.version) {
    process.stdout.write(`${typeof __VERSION__ === 'string' ? __VERSION__ : 'dev'}\n`);
    return;
  }
  for (const warning of options.warnings) {
    warn('warning', warning);
  }
  const server = new RawHttpServer({ ...options.server, liveReload: options.live });
  const out = new LogOutput(process.stdout, options.log);
  if (!options.quiet) {
    server.on('request', (entry) => out.entry(entry));
  }
  const har = options.har === undefined ? undefined
    : new HarRecorder(path.resolve(options.har), options.log.showSecrets, typeof __VERSION__ === 'string' ? __VERSION__ : 'dev');
  if (har) {
    server.on('request', (entry) => har.add(entry));
  }
  // Notices are our sentences (client text inside them already escaped): their arrows stay, controls never pass.
  server.on('notice', (notice) => process.stderr.write(
    `raw-http-server: ${notice.level}: ${notice.topic ? `${notice.topic}: ` : ''}${sanitizeLogLine(notice.message)}\n`));
  try {
    await server.listen();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    fail(code === 'ENOENT' || code === 'ENOTDIR' ? (error as Error).message
      : describeListenError(error as NodeJS.ErrnoException, server.options.host, server.options.port));
  }
  const shutdown = (): void => {
    // Exit within a second even if a close callback never comes.
    setTimeout(() => {
      writeHar(har);
      process.exit(0);
    }, 900).unref();
    void server.close().then(() => {
      out.flush();
      writeHar(har);
      process.exit(0);
    });
  };
  // Handlers first: a script that signals as soon as it reads the start line must get the clean exit.
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  // DIR exactly as typed (the issue's "Serving DIR at URL"); the defaulted folder is shown as an absolute path.
  const address = server.address!;
  const banner = startBanner(options.dirGiven ? options.dir : path.resolve(options.dir), address.address, address.port);
  process.stdout.write(`${banner.lines.join('\n')}\n`);
  if (options.open) {
    openBrowser(banner.localUrl, (message) => warn('warning', message));
  }
}

void main();
