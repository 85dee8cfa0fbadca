// The one typed reader of the `rawHttpServer.*` settings: turns VS Code configuration into the core's
// ServerOptionsInput plus the extension's own settings, so the core never sees VS Code configuration.
// Only src/vscode/** and src/extension.ts import vscode; src/core never does.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { checkSpaFallback, CORP_VALUES, DEFAULT_LIMITS, DEFAULT_OPTIONS, DEFAULT_POLICY, type ServerOptionsInput } from '../core/options';
import { isInside } from '../core/files/paths';
import { SettingReader } from './settingsCheck';
import { LIVE_MODES, DEFAULT_LIVE_MODE, type LiveMode } from './live/liveMode';
import { readShadowedSettings, type ShadowedValues } from './shadowedSettings';

export const SECTION = 'rawHttpServer';
/** The largest captured body a setting may ask for (the CLI's --capture-max-body-bytes has the same maximum). */
const MAX_CAPTURE_BODY_BYTES = 64 * 1024 * 1024;

// Fallbacks come from the core's defaults (package.json's contributes.configuration states the same values); they
// are used when a value is missing or invalid (an invalid one is also reported, see settingsCheck.ts).
// core/options has no imports, so reading it here costs activation nothing.
const { port: DEFAULT_PORT, host: DEFAULT_HOST, logBodyBytes: DEFAULT_BODY_BYTES } = DEFAULT_OPTIONS;
const DEFAULT_MAX_CONNECTIONS = DEFAULT_LIMITS.maxConnections;

export const LOG_FORMATS = ['full', 'summary'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface LogSettings {
  enabled: boolean;
  maxBodyBytes: number;
  /** `full`: summary line, raw head and body preview; `summary`: the summary line only. */
  format: LogFormat;
  /** Show Cookie/Authorization values as sent (otherwise the formatter redacts them). */
  showSecrets: boolean;
  /** Also log the response head as sent. */
  responseHeads: boolean;
}

/** The Raw HTTP Requests view's memory (see vscode/inspector). */
export interface InspectorSettings {
  /** Exchanges kept (0: the inspector records nothing). */
  maxRequests: number;
  /** Bytes of each request body kept, so a replay can send it again whole. */
  maxBodyBytes: number;
}

/** Defaults of rawHttpServer.inspector.* (package.json states the same). */
export const DEFAULT_INSPECTOR: InspectorSettings = Object.freeze({ maxRequests: 500, maxBodyBytes: 64 * 1024 });
const MAX_INSPECTOR_REQUESTS = 10_000;
const MAX_INSPECTOR_BODY_BYTES = 1024 * 1024;

export interface Settings {
  /** Everything the core needs except the root, which depends on the folder chosen. */
  server: Omit<ServerOptionsInput, 'root'>;
  /** The raw `rawHttpServer.root` value (relative to the workspace folder, or absolute inside it). */
  root: string;
  autoStart: boolean;
  log: LogSettings;
  inspector: InspectorSettings;
  /** One sentence per invalid value ("… using 8000 instead."); empty when every value is valid. */
  problems: string[];
  /** `rawHttpServer.liveReload`; `server.liveReload` is false exactly when it is "off". */
  live: LiveMode;
}

/**
 * The settings as the API returns them; `shadowed` fills in the capture.* values it cannot return (pass what
 * readFullSettings reads, or nothing where only log, inspector or start settings matter).
 */
export function readSettings(folder?: vscode.Uri, shadowed: ShadowedValues = {}): Settings {
  const read = new SettingReader(vscode.workspace.getConfiguration(SECTION, folder), SECTION, shadowed);
  const live = read.oneOf('liveReload', LIVE_MODES, DEFAULT_LIVE_MODE);
  const maxBodyBytes = read.integer('log.maxBodyBytes', 0, 1024 * 1024, DEFAULT_BODY_BYTES);
  const spaFallback = read.string('spaFallback', DEFAULT_OPTIONS.spaFallback);
  const spaProblem = checkSpaFallback(spaFallback);
  const inspector: InspectorSettings = {
    maxRequests: read.integer('inspector.maxRequests', 0, MAX_INSPECTOR_REQUESTS, DEFAULT_INSPECTOR.maxRequests),
    maxBodyBytes: read.integer('inspector.maxBodyBytes', 0, MAX_INSPECTOR_BODY_BYTES, DEFAULT_INSPECTOR.maxBodyBytes),
  };
  const captureBody = read.text('capture.body', '');
  const server: Omit<ServerOptionsInput, 'root'> = {
    port: read.integer('port', 0, 65535, DEFAULT_PORT),
    host: read.string('host', DEFAULT_HOST) || DEFAULT_HOST,
    policy: {
      allowedHosts: read.stringArray('allowedHosts', []),
      serveDotfiles: read.boolean('serveDotfiles', false),
      deny: read.stringArray('deny', DEFAULT_POLICY.deny),
      cors: read.boolean('cors', false),
      crossOriginResourcePolicy: read.oneOf('crossOriginResourcePolicy', CORP_VALUES, DEFAULT_POLICY.crossOriginResourcePolicy),
    },
    limits: { maxConnections: read.integer('maxConnections', 1, 1_000_000, DEFAULT_MAX_CONNECTIONS) },
    // The core keeps one body preview per exchange, for the log and the inspector: the larger of their limits
    // (the log shows only its own, formatLogEntry's maxBodyBytes).
    logBodyBytes: Math.max(maxBodyBytes, inspector.maxRequests > 0 ? inspector.maxBodyBytes : 0),
    spaFallback: spaProblem ? read.problem('spaFallback', spaProblem, DEFAULT_OPTIONS.spaFallback) : spaFallback,
    headers: read.headerRules('headers'),
    capture: read.stringArray('capture', DEFAULT_OPTIONS.capture),
    captureMaxBodyBytes: read.integer('capture.maxBodyBytes', 0, MAX_CAPTURE_BODY_BYTES, DEFAULT_OPTIONS.captureMaxBodyBytes),
    // A final status that can carry a body (core/options checkCaptureStatus: 200–599).
    captureStatus: read.integer('capture.status', 200, 599, DEFAULT_OPTIONS.captureStatus),
    // "" (the default) answers with the JSON echo of what arrived; any other text is sent as the body.
    ...(captureBody === '' ? {} : { captureBody }),
    liveReload: live !== 'off',
  };
  const log: LogSettings = {
    enabled: read.boolean('log.enabled', true),
    maxBodyBytes,
    format: read.oneOf('log.format', LOG_FORMATS, 'full'),
    showSecrets: read.boolean('log.showSecrets', false),
    responseHeads: read.boolean('log.responseHeads', false),
  };
  const root = read.string('root', '');
  const autoStart = read.boolean('autoStart', true);
  return { server, root, autoStart, log, inspector, problems: read.problems, live };
}

/** Every setting, the capture.* values read from the settings files included (what a server starts with). */
export async function readFullSettings(folder?: vscode.Uri): Promise<Settings> {
  return readSettings(folder, await readShadowedSettings(folder));
}

/**
 * A key that changes exactly when a running server must restart (port, host, root, policy, live reload mode). Log settings are
 * left out on purpose: turning the log off or on must not drop the clients' connections.
 */
export function restartKey(settings: Settings): string {
  const { logBodyBytes: _ignored, ...server } = settings.server;
  return JSON.stringify({ server, root: settings.root, live: settings.live });
}

export type RootResult = { root: string } | { error: string };

/**
 * Resolves `rawHttpServer.root` against the workspace folder. Containment is checked with path.relative on the
 * real paths (a bare startsWith would accept a sibling such as `/ws-old` for `/ws`, and a symlink could leave).
 */
export async function resolveRoot(folderPath: string, rootSetting: string): Promise<RootResult> {
  const wanted = path.resolve(folderPath, rootSetting || '.');
  if (!isInside(folderPath, wanted)) {
    return { error: `rawHttpServer.root "${rootSetting}" is outside the workspace folder ${folderPath}; use a subfolder such as "public".` };
  }
  let real: string;
  try {
    real = await fs.promises.realpath(wanted);
    if (!(await fs.promises.stat(real)).isDirectory()) {
      return { error: `rawHttpServer.root "${rootSetting}" is not a folder (${wanted}).` };
    }
  } catch {
    return { error: `rawHttpServer.root "${rootSetting}" does not exist (${wanted}).` };
  }
  const realFolder = await fs.promises.realpath(folderPath).catch(() => folderPath);
  if (!isInside(realFolder, real)) {
    return { error: `rawHttpServer.root "${rootSetting}" leads outside the workspace folder through a symlink (${real}).` };
  }
  return { root: wanted };
}
