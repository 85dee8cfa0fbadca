// Command-line arguments of the headless server → ServerOptionsInput. Pure (no I/O) so every rule is unit-tested;
// a bad argument yields a one-line message that the CLI prints before exiting with code 2.

import type { ServerOptionsInput } from '../core/options';

export interface CliOptions {
  server: ServerOptionsInput;
  quiet: boolean;
  help: boolean;
  version: boolean;
  /** DIR as the user gave it (or the default), for the start line. */
  dir: string;
  /** False when DIR was not given and the default was used. */
  dirGiven: boolean;
}

export type CliParse = { ok: true; options: CliOptions } | { ok: false; message: string };

export const USAGE = `Usage: raw-http-server [DIR] [options]

Serves DIR (default: the current folder) on raw sockets and prints every request exactly as received.

Options:
  --port N               port to listen on (default 8000; 0 = any free port)
  --host H               address to bind (default 127.0.0.1; use 0.0.0.0 or :: to expose on the network)
  --quiet                do not print requests
  --allowed-hosts LIST   extra Host names allowed (comma-separated; "*.example.test" wildcards; "*" = any)
  --serve-dotfiles       serve files and folders whose name starts with "."
  --deny LIST            names never served (comma-separated globs; default ".env*,*.pem,*.key,id_rsa*"; "" = none)
  --cors                 send Access-Control-Allow-Origin: *
  --max-connections N    open connections before new ones are refused (default 1000)
  --log-body-bytes N     body bytes printed per request (default 1024)
  -h, --help             show this help
  -v, --version          show the version`;

const VALUE_FLAGS = new Set(['--port', '--host', '--allowed-hosts', '--deny', '--max-connections', '--log-body-bytes']);
const SWITCHES = new Set(['--quiet', '--serve-dotfiles', '--cors', '--help', '-h', '--version', '-v']);

function parseInteger(flag: string, text: string, min: number, max: number): number | string {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    return `${flag} must be a whole number from ${min} to ${max}, not "${text}"`;
  }
  return Number(text);
}

function splitList(text: string): string[] {
  return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

export function parseCliArgs(argv: readonly string[], defaultDir: string): CliParse {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    if (VALUE_FLAGS.has(flag)) {
      const value = equals === -1 ? argv[++i] : arg.slice(equals + 1);
      if (value === undefined) {
        return { ok: false, message: `${flag} needs a value` };
      }
      values.set(flag, value);
    } else if (SWITCHES.has(arg)) {
      switches.add(arg);
    } else if (arg.startsWith('-') && arg !== '-') {
      return { ok: false, message: `unknown option ${arg} (see --help)` };
    } else {
      positionals.push(arg);
    }
  }
  if (positionals.length > 1) {
    return { ok: false, message: `expected one folder, got ${positionals.length}: ${positionals.join(' ')}` };
  }
  const port = parseInteger('--port', values.get('--port') ?? '8000', 0, 65535);
  const maxConnections = parseInteger('--max-connections', values.get('--max-connections') ?? '1000', 1, 1_000_000);
  const logBodyBytes = parseInteger('--log-body-bytes', values.get('--log-body-bytes') ?? '1024', 0, 1024 * 1024);
  for (const result of [port, maxConnections, logBodyBytes]) {
    if (typeof result === 'string') {
      return { ok: false, message: result };
    }
  }
  const host = values.get('--host') ?? '127.0.0.1';
  if (host.trim() === '') {
    return { ok: false, message: '--host needs an address' };
  }
  const dir = positionals[0] ?? defaultDir;
  const deny = values.get('--deny');
  return {
    ok: true,
    options: {
      dir,
      dirGiven: positionals[0] !== undefined,
      quiet: switches.has('--quiet'),
      help: switches.has('--help') || switches.has('-h'),
      version: switches.has('--version') || switches.has('-v'),
      server: {
        root: dir, host, port: port as number, logBodyBytes: logBodyBytes as number,
        limits: { maxConnections: maxConnections as number },
        policy: {
          allowedHosts: splitList(values.get('--allowed-hosts') ?? ''),
          serveDotfiles: switches.has('--serve-dotfiles'),
          cors: switches.has('--cors'),
          ...(deny === undefined ? {} : { deny: splitList(deny) }),
        },
      },
    },
  };
}
