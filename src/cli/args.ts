// Command-line arguments of the headless server → CliOptions (server options, log options, CLI switches). Pure (no
// I/O) so every rule is unit-tested; a bad argument yields a one-line message that the CLI prints before exiting
// with code 2, while a bad --header is only a warning (it is skipped and the server still starts).

import { checkCaptureStatus, checkSpaFallback, CORP_VALUES, DEFAULT_LIMITS, DEFAULT_OPTIONS, isCorpValue, parseHeaderLine,
  validateHeaderRules, type CorpValue, type HeaderRule, type ServerOptionsInput } from '../core/options';
import { DEFAULT_LOG_FORMAT, LOG_FORMATS, type LogFormat } from '../core/log/logFormat';
import { MAX_CAPTURE_BODY_BYTES, MAX_LOG_BODY_BYTES } from './usage';

export { USAGE } from './usage';

/** How the CLI prints requests; the fields of the formatter's LogFormatOptions that have a flag. */
export interface CliLogOptions {
  format: LogFormat;
  showSecrets: boolean;
  responseHeads: boolean;
}

export interface CliOptions {
  server: ServerOptionsInput;
  log: CliLogOptions;
  quiet: boolean;
  help: boolean;
  version: boolean;
  /** --open: open the default browser at the served URL once listening. */
  open: boolean;
  /** --live: reload open pages when served files change (wired by the server). */
  live: boolean;
  /** DIR as the user gave it (or the default), for the start line. */
  dir: string;
  /** False when DIR was not given and the default was used. */
  dirGiven: boolean;
  /** Arguments that were skipped rather than fatal (a bad --header), one line each, for stderr. */
  warnings: string[];
  /** --har FILE: write every exchange as HAR there when the CLI stops. */
  har?: string;
}

export type CliParse = { ok: true; options: CliOptions } | { ok: false; message: string };

const VALUE_FLAGS = new Set(['--port', '-p', '--host', '--allowed-hosts', '--deny', '--max-connections', '--log-body-bytes',
  '--spa', '--header', '--corp', '--log-format', '--capture', '--capture-max-body-bytes', '--capture-status', '--capture-body', '--har']);
const SWITCHES = new Set(['--quiet', '--serve-dotfiles', '--cors', '--help', '-h', '--version', '-v', '--open', '--live',
  '--log-secrets', '--log-responses']);
/** Short spellings, stored under the long name. */
const ALIASES = new Map([['-p', '--port']]);

function parseInteger(flag: string, text: string, min: number, max: number): number | string {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    return `${flag} must be a whole number from ${min} to ${max}, not "${text}"`;
  }
  return Number(text);
}

function splitList(text: string): string[] {
  return text.split(',').map((item) => item.trim()).filter((item) => item !== '');
}

/** --header values → the rules that can be sent (for every path, glob "**") and a warning per skipped one. */
function headerRules(lines: readonly string[]): { rules: HeaderRule[]; warnings: string[] } {
  const rules: HeaderRule[] = [];
  const warnings: string[] = [];
  for (const line of lines) {
    const rule = parseHeaderLine(line);
    if (rule === undefined) {
      warnings.push(`--header "${line}" skipped: expected "Name: value"`);
    } else {
      rules.push(rule);
    }
  }
  const checked = validateHeaderRules(rules);
  return { rules: checked.rules, warnings: [...warnings, ...checked.problems.map((problem) => `--header skipped: ${problem}`)] };
}

interface RawArgs {
  values: Map<string, string[]>;
  switches: Set<string>;
  positionals: string[];
}

function splitArgs(argv: readonly string[]): RawArgs | string {
  const values = new Map<string, string[]>();
  const switches = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const equals = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = equals === -1 ? arg : arg.slice(0, equals);
    if (VALUE_FLAGS.has(flag)) {
      const value = equals === -1 ? argv[++i] : arg.slice(equals + 1);
      if (value === undefined) {
        return `${flag} needs a value`;
      }
      const name = ALIASES.get(flag) ?? flag;
      values.set(name, [...(values.get(name) ?? []), value]);
    } else if (SWITCHES.has(arg)) {
      switches.add(arg);
    } else if (arg.startsWith('-') && arg !== '-') {
      return `unknown option ${arg} (see --help)`;
    } else {
      positionals.push(arg);
    }
  }
  return { values, switches, positionals };
}

export function parseCliArgs(argv: readonly string[], defaultDir: string): CliParse {
  const split = splitArgs(argv);
  if (typeof split === 'string') {
    return { ok: false, message: split };
  }
  const { switches, positionals } = split;
  /** The last value of a flag (the last one wins), or undefined. */
  const value = (flag: string): string | undefined => split.values.get(flag)?.at(-1);
  if (positionals.length > 1) {
    return { ok: false, message: `expected one folder, got ${positionals.length}: ${positionals.join(' ')}` };
  }
  const port = parseInteger('--port', value('--port') ?? String(DEFAULT_OPTIONS.port), 0, 65535);
  const maxConnections = parseInteger('--max-connections', value('--max-connections') ?? String(DEFAULT_LIMITS.maxConnections), 1, 1_000_000);
  const logBodyBytes = parseInteger('--log-body-bytes', value('--log-body-bytes') ?? String(DEFAULT_OPTIONS.logBodyBytes), 0, MAX_LOG_BODY_BYTES);
  const captureMax = parseInteger('--capture-max-body-bytes', value('--capture-max-body-bytes') ?? String(DEFAULT_OPTIONS.captureMaxBodyBytes),
    0, MAX_CAPTURE_BODY_BYTES);
  const captureStatus = parseInteger('--capture-status', value('--capture-status') ?? String(DEFAULT_OPTIONS.captureStatus), 0, 999);
  for (const result of [port, maxConnections, logBodyBytes, captureMax, captureStatus]) {
    if (typeof result === 'string') {
      return { ok: false, message: result };
    }
  }
  const statusProblem = checkCaptureStatus(captureStatus as number);
  if (statusProblem !== undefined) {
    return { ok: false, message: `--capture-status: ${statusProblem}` };
  }
  const capture = split.values.get('--capture');
  const captureBody = value('--capture-body');
  const har = value('--har');
  if (har !== undefined && har.trim() === '') {
    return { ok: false, message: '--har needs a file name' };
  }
  const host = value('--host') ?? DEFAULT_OPTIONS.host;
  if (host.trim() === '') {
    return { ok: false, message: '--host needs an address' };
  }
  const spa = value('--spa');
  const spaProblem = spa === undefined ? undefined : checkSpaFallback(spa);
  if (spaProblem !== undefined) {
    return { ok: false, message: `--spa: ${spaProblem}` };
  }
  const corp = value('--corp');
  if (corp !== undefined && !isCorpValue(corp)) {
    return { ok: false, message: `--corp must be one of ${CORP_VALUES.join(', ')}, not "${corp}"` };
  }
  const format = value('--log-format') ?? DEFAULT_LOG_FORMAT;
  if (!(LOG_FORMATS as readonly string[]).includes(format)) {
    return { ok: false, message: `--log-format must be one of ${LOG_FORMATS.join(', ')}, not "${format}"` };
  }
  const headerLines = split.values.get('--header');
  const headers = headerLines === undefined ? undefined : headerRules(headerLines);
  const dir = positionals[0] ?? defaultDir;
  const deny = value('--deny');
  return {
    ok: true,
    options: {
      dir,
      dirGiven: positionals[0] !== undefined,
      quiet: switches.has('--quiet'),
      help: switches.has('--help') || switches.has('-h'),
      version: switches.has('--version') || switches.has('-v'),
      open: switches.has('--open'),
      live: switches.has('--live'),
      log: { format: format as LogFormat, showSecrets: switches.has('--log-secrets'), responseHeads: switches.has('--log-responses') },
      warnings: headers?.warnings ?? [],
      ...(har === undefined ? {} : { har }),
      server: {
        root: dir, host, port: port as number, logBodyBytes: logBodyBytes as number,
        limits: { maxConnections: maxConnections as number },
        policy: {
          allowedHosts: splitList(value('--allowed-hosts') ?? ''),
          serveDotfiles: switches.has('--serve-dotfiles'),
          cors: switches.has('--cors'),
          ...(deny === undefined ? {} : { deny: splitList(deny) }),
          ...(corp === undefined ? {} : { crossOriginResourcePolicy: corp as CorpValue }),
        },
        ...(spa === undefined ? {} : { spaFallback: spa }),
        ...(headers === undefined ? {} : { headers: headers.rules }),
        ...(capture === undefined ? {} : { capture }),
        ...(value('--capture-max-body-bytes') === undefined ? {} : { captureMaxBodyBytes: captureMax as number }),
        ...(value('--capture-status') === undefined ? {} : { captureStatus: captureStatus as number }),
        ...(captureBody === undefined ? {} : { captureBody }),
      },
    },
  };
}
